package org.atrium.dicomweb.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.atrium.store.ResearchStore.Level;

/**
 * The attributes the research store's index keeps, which QIDO-RS can match on and return without
 * opening files: keyword, tag, VR, the level they belong to, and whether the store matches on them.
 */
final class QidoAttributes {

    record Attribute(String keyword, int tag, String vr, Level level, boolean matchable) {}

    static final int RETRIEVE_URL = 0x00081190;
    static final int INSTANCE_AVAILABILITY = 0x00080056;
    static final int AVAILABLE_TRANSFER_SYNTAX_UID = 0x00083002;

    private static final Map<String, Attribute> BY_KEYWORD = new LinkedHashMap<>();
    private static final Map<Integer, Attribute> BY_TAG = new LinkedHashMap<>();

    static {
        add("PatientName", 0x00100010, "PN", Level.PATIENT, true);
        add("PatientID", 0x00100020, "LO", Level.PATIENT, true);
        add("IssuerOfPatientID", 0x00100021, "LO", Level.PATIENT, true);
        add("PatientBirthDate", 0x00100030, "DA", Level.PATIENT, true);
        add("PatientSex", 0x00100040, "CS", Level.PATIENT, true);
        add("StudyInstanceUID", 0x0020000D, "UI", Level.STUDY, true);
        add("StudyDate", 0x00080020, "DA", Level.STUDY, true);
        add("StudyTime", 0x00080030, "TM", Level.STUDY, true);
        add("AccessionNumber", 0x00080050, "SH", Level.STUDY, true);
        add("StudyID", 0x00200010, "SH", Level.STUDY, true);
        add("StudyDescription", 0x00081030, "LO", Level.STUDY, true);
        add("ReferringPhysicianName", 0x00080090, "PN", Level.STUDY, true);
        add("ModalitiesInStudy", 0x00080061, "CS", Level.STUDY, true);
        add("NumberOfStudyRelatedSeries", 0x00201206, "IS", Level.STUDY, false);
        add("NumberOfStudyRelatedInstances", 0x00201208, "IS", Level.STUDY, false);
        add("SeriesInstanceUID", 0x0020000E, "UI", Level.SERIES, true);
        add("Modality", 0x00080060, "CS", Level.SERIES, true);
        add("SeriesNumber", 0x00200011, "IS", Level.SERIES, true);
        add("SeriesDescription", 0x0008103E, "LO", Level.SERIES, true);
        add("BodyPartExamined", 0x00180015, "CS", Level.SERIES, true);
        add("NumberOfSeriesRelatedInstances", 0x00201209, "IS", Level.SERIES, false);
        add("SOPInstanceUID", 0x00080018, "UI", Level.INSTANCE, true);
        add("SOPClassUID", 0x00080016, "UI", Level.INSTANCE, true);
        add("InstanceNumber", 0x00200013, "IS", Level.INSTANCE, true);
    }

    private QidoAttributes() {}

    private static void add(String keyword, int tag, String vr, Level level, boolean matchable) {
        Attribute attribute = new Attribute(keyword, tag, vr, level, matchable);
        BY_KEYWORD.put(keyword, attribute);
        BY_TAG.put(tag, attribute);
    }

    static Attribute byKeyword(String keyword) {
        return BY_KEYWORD.get(keyword);
    }

    static Attribute byTag(int tag) {
        return BY_TAG.get(tag);
    }

    /** Whether the store matches on {@code keyword} in a query at {@code level}. */
    static boolean matchable(String keyword, Level level) {
        Attribute attribute = BY_KEYWORD.get(keyword);
        return attribute != null && attribute.matchable() && attribute.level().ordinal() <= level.ordinal();
    }
}
