package org.atrium.dicom;

/** Query/Retrieve information models (PS3.4 Annex C) and their SOP classes. */
public enum InformationModel {
    PATIENT_ROOT(UID.PatientRootQueryRetrieveFind, UID.PatientRootQueryRetrieveMove, UID.PatientRootQueryRetrieveGet),
    STUDY_ROOT(UID.StudyRootQueryRetrieveFind, UID.StudyRootQueryRetrieveMove, UID.StudyRootQueryRetrieveGet);

    private final String findUid;
    private final String moveUid;
    private final String getUid;

    InformationModel(String findUid, String moveUid, String getUid) {
        this.findUid = findUid;
        this.moveUid = moveUid;
        this.getUid = getUid;
    }

    public String findUid() {
        return findUid;
    }

    public String moveUid() {
        return moveUid;
    }

    public String getUid() {
        return getUid;
    }

    /** The model a Q/R SOP class UID belongs to, or {@code null}. */
    public static InformationModel ofSopClass(String sopClassUid) {
        for (InformationModel model : values()) {
            if (model.findUid.equals(sopClassUid)
                    || model.moveUid.equals(sopClassUid)
                    || model.getUid.equals(sopClassUid)) {
                return model;
            }
        }
        return null;
    }
}
