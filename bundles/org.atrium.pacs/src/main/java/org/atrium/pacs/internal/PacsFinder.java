package org.atrium.pacs.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.InformationModel;
import org.atrium.dicom.QueryLevel;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.pacs.PacsQuery;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link PacsQuery} through the platform's DICOM client. */
@Component(service = {PacsQuery.class, PacsFinder.class})
public final class PacsFinder implements PacsQuery {

    static final Map<QueryLevel, List<String>> RETURN_KEYS = Map.of(
            QueryLevel.PATIENT,
            List.of("PatientID", "PatientName", "PatientBirthDate", "PatientSex", "NumberOfPatientRelatedStudies"),
            QueryLevel.STUDY,
            List.of(
                    "StudyInstanceUID",
                    "PatientID",
                    "PatientName",
                    "PatientBirthDate",
                    "StudyDate",
                    "StudyTime",
                    "AccessionNumber",
                    "StudyID",
                    "StudyDescription",
                    "ModalitiesInStudy",
                    "NumberOfStudyRelatedSeries",
                    "NumberOfStudyRelatedInstances"),
            QueryLevel.SERIES,
            List.of(
                    "StudyInstanceUID",
                    "SeriesInstanceUID",
                    "Modality",
                    "SeriesNumber",
                    "SeriesDescription",
                    "BodyPartExamined",
                    "NumberOfSeriesRelatedInstances"),
            QueryLevel.IMAGE,
            List.of("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID", "InstanceNumber"));

    private final DicomClient client;
    private final DicomFiles files;
    private final DicomNodes nodes;

    @Activate
    public PacsFinder(@Reference DicomClient client, @Reference DicomFiles files, @Reference DicomNodes nodes) {
        this.client = client;
        this.files = files;
        this.nodes = nodes;
    }

    DicomNode node(String name) {
        return nodes.find(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown node '" + name + "': add it with atrium:node-add or POST /api/v1/nodes"))
                .node();
    }

    String localAeTitle() {
        return nodes.localAeTitle();
    }

    @Override
    public List<Map<String, String>> find(String node, QueryLevel level, Map<String, String> keys)
            throws IOException, DicomException {
        DicomNode target = node(node);
        Attributes query = files.newAttributes();
        query.setString(files.tagOf("QueryRetrieveLevel"), level.name());
        for (String keyword : RETURN_KEYS.get(level)) {
            query.setString(files.tagOf(keyword));
        }
        for (Map.Entry<String, String> key : keys.entrySet()) {
            int tag;
            try {
                tag = files.tagOf(key.getKey());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown DICOM keyword '" + key.getKey() + "'");
            }
            if (tag < 0) {
                throw new IllegalArgumentException("unknown DICOM keyword '" + key.getKey() + "'");
            }
            query.setString(tag, key.getValue() == null ? new String[0] : new String[] {key.getValue()});
        }
        InformationModel model =
                level == QueryLevel.PATIENT ? InformationModel.PATIENT_ROOT : InformationModel.STUDY_ROOT;
        List<Attributes> matches = client.cfind(nodes.localAeTitle(), target, model, query);
        return matches.stream().map(this::values).toList();
    }

    private Map<String, String> values(Attributes match) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int tag : match.tags()) {
            String keyword = files.keywordOf(tag);
            String[] strings = match.getStrings(tag);
            if (keyword == null || strings == null || strings.length == 0 || keyword.equals("SpecificCharacterSet")) {
                continue;
            }
            values.put(keyword, String.join("\\", strings));
        }
        return values;
    }
}
