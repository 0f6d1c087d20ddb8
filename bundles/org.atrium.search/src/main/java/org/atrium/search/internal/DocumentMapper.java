package org.atrium.search.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.UID;
import org.atrium.search.SearchLevel;
import org.atrium.search.internal.Fields.Field;
import org.atrium.search.internal.Fields.Type;

/**
 * Turns the headers of a study's series into Solr documents: one per series, carrying its own
 * attributes, those of its study and patient (the same on every series of the study), study
 * roll-ups ({@code ModalitiesInStudy}, {@code HasSEG}...) and the links between results (SEG,
 * SR, PDF...) and the series they were made from. Pure: no store, no Solr.
 */
final class DocumentMapper {

    /** Longest string value indexed; Solr refuses terms over 32766 bytes. */
    static final int MAX_VALUE_LENGTH = 1024;

    static final int ReferencedSeriesSequence = 0x00081115;
    static final int CurrentRequestedProcedureEvidenceSequence = 0x0040A375;
    static final int PertinentOtherEvidenceSequence = 0x0040A385;
    static final int SeriesInstanceUID = 0x0020000E;
    static final int Modality = 0x00080060;
    static final int SeriesNumber = 0x00200011;

    private static final Set<String> BINARY_VRS = Set.of("OB", "OW", "OF", "OD", "OL", "OV", "UN", "SQ");
    private static final String SR_ROOT = "1.2.840.10008.5.1.4.1.1.88.";

    /**
     * What the indexer knows of one series.
     *
     * @param headers headers read from its instances (at least one), first the representative one
     */
    record SeriesInput(
            String seriesUid,
            String studyUid,
            String patientKey,
            List<Attributes> headers,
            int instances,
            Set<String> sopClasses,
            List<String> labels,
            Instant lastReceived) {}

    private final DicomFiles dicom;

    DocumentMapper(DicomFiles dicom) {
        this.dicom = dicom;
    }

    /** The documents of one study's series. */
    List<Map<String, Object>> study(List<SeriesInput> series, Instant indexedAt) {
        List<SeriesInput> ordered = new ArrayList<>(series);
        ordered.sort(Comparator.comparing((SeriesInput s) -> {
                    Integer number = s.headers().get(0).getInt(SeriesNumber);
                    return number == null ? Integer.MAX_VALUE : number;
                })
                .thenComparing(SeriesInput::seriesUid));
        if (ordered.isEmpty()) {
            return List.of();
        }
        // Study and patient attributes from one series, so that all documents of the study agree.
        Map<String, Object> upper = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry :
                attributes(ordered.get(0).headers().get(0)).entrySet()) {
            Field field = Fields.known(keywordOfField(entry.getKey()));
            if (field != null && field.level() != SearchLevel.SERIES) {
                upper.put(entry.getKey(), entry.getValue());
            }
        }
        TreeSet<String> modalities = new TreeSet<>();
        boolean hasSeg = false;
        boolean hasSr = false;
        boolean hasPdf = false;
        int instances = 0;
        Map<String, Set<String>> derived = new LinkedHashMap<>();
        Map<String, Set<String>> derivedModalities = new LinkedHashMap<>();
        Map<String, List<String>> references = new LinkedHashMap<>();
        for (SeriesInput s : ordered) {
            String modality = s.headers().get(0).getString(Modality);
            if (modality != null) {
                modalities.add(modality);
            }
            hasSeg |= "SEG".equals(modality) || s.sopClasses().contains(UID.SegmentationStorage);
            hasSr |= "SR".equals(modality) || s.sopClasses().stream().anyMatch(c -> c.startsWith(SR_ROOT));
            hasPdf |= s.sopClasses().contains(UID.EncapsulatedPDFStorage);
            instances += s.instances();
            List<String> referenced = referencedSeries(s.headers(), s.seriesUid());
            references.put(s.seriesUid(), referenced);
            for (String target : referenced) {
                derived.computeIfAbsent(target, k -> new TreeSet<>()).add(s.seriesUid());
                if (modality != null) {
                    derivedModalities
                            .computeIfAbsent(target, k -> new TreeSet<>())
                            .add(modality);
                }
            }
        }
        List<Map<String, Object>> docs = new ArrayList<>();
        for (SeriesInput s : ordered) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put(Fields.ID, Fields.documentId(s.patientKey(), s.studyUid(), s.seriesUid()));
            for (Map.Entry<String, Object> entry :
                    attributes(s.headers().get(0)).entrySet()) {
                Field field = Fields.known(keywordOfField(entry.getKey()));
                if (field == null || field.level() == SearchLevel.SERIES) {
                    doc.put(entry.getKey(), entry.getValue());
                }
            }
            doc.putAll(upper);
            put(doc, "SeriesInstanceUID", s.seriesUid());
            put(doc, "StudyInstanceUID", s.studyUid());
            doc.put(Fields.PATIENT_KEY, s.patientKey());
            put(doc, "SOPClassUID", new ArrayList<>(new TreeSet<>(s.sopClasses())));
            put(doc, "NumberOfSeriesRelatedInstances", s.instances());
            put(doc, "Labels", s.labels());
            if (s.lastReceived() != null) {
                put(doc, "IngestTime", s.lastReceived().toString());
            }
            put(doc, "ModalitiesInStudy", new ArrayList<>(modalities));
            put(doc, "NumberOfStudyRelatedSeries", ordered.size());
            put(doc, "NumberOfStudyRelatedInstances", instances);
            put(doc, "HasSEG", hasSeg);
            put(doc, "HasSR", hasSr);
            put(doc, "HasPDF", hasPdf);
            put(doc, "ReferencedSeries", references.get(s.seriesUid()));
            put(doc, "DerivedSeries", new ArrayList<>(derived.getOrDefault(s.seriesUid(), Set.of())));
            put(doc, "DerivedModalities", new ArrayList<>(derivedModalities.getOrDefault(s.seriesUid(), Set.of())));
            doc.put(Fields.INDEXED_AT, indexedAt.toString());
            docs.add(doc);
        }
        return docs;
    }

    /** The keyword part of a Solr field name ({@code StudyDate_dt → StudyDate}). */
    private static String keywordOfField(String solrField) {
        int underscore = solrField.lastIndexOf('_');
        return underscore > 0 ? solrField.substring(0, underscore) : solrField;
    }

    /** Puts a known keyword's value under its Solr field names; empty values are left out. */
    private static void put(Map<String, Object> doc, String keyword, Object value) {
        Field field = Fields.known(keyword);
        if (value == null || (value instanceof List<?> list && list.isEmpty())) {
            doc.remove(field.queryField());
            doc.remove(field.valueField());
            return;
        }
        doc.put(field.queryField(), value);
        doc.put(field.valueField(), value);
    }

    /** The top-level attributes of a header as Solr fields: typed where known, strings otherwise. */
    Map<String, Object> attributes(Attributes header) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int tag : header.tags()) {
            int group = tag >>> 16;
            if (group == 0x0002 || group == 0x7FE0 || (tag & 0xFFFF) == 0 || group == 0xFFFE) {
                continue; // file meta, pixel data, group lengths, item delimiters
            }
            String vr = header.vr(tag);
            if (vr == null || BINARY_VRS.contains(vr)) {
                continue;
            }
            String keyword = dicom.keywordOf(tag);
            boolean privateOrUnknown = keyword == null || keyword.isEmpty() || (group & 1) == 1;
            Field field = privateOrUnknown ? null : Fields.known(keyword);
            if (field == null) {
                String value = joined(header.getStrings(tag));
                if (value != null) {
                    fields.put((privateOrUnknown ? Fields.privateKeyword(tag) : keyword) + "_s", value);
                }
                continue;
            }
            Object value = typed(field.type(), header, tag);
            if (value != null) {
                fields.put(field.queryField(), value);
                fields.put(field.valueField(), value);
            }
        }
        return fields;
    }

    private static Object typed(Type type, Attributes header, int tag) {
        return switch (type) {
            case STRING -> joined(header.getStrings(tag));
            case TEXT, PERSON_NAME -> clip(header.getString(tag));
            case STRINGS -> {
                List<String> values = new ArrayList<>();
                for (String value : header.getStrings(tag)) {
                    if (value != null && !value.isBlank()) {
                        values.add(clip(value.trim()));
                    }
                }
                yield values.isEmpty() ? null : values;
            }
            case DATE -> isoDate(header.getString(tag));
            case DATE_TIME -> header.getString(tag);
            case INT -> header.getInt(tag);
            case DOUBLE -> {
                Double value = header.getDouble(tag);
                yield value == null || !Double.isFinite(value) ? null : value;
            }
            case BOOLEAN -> null;
        };
    }

    /** A DICOM date (DA) as a Solr date, or null when it is not a valid date. */
    static String isoDate(String da) {
        if (da == null) {
            return null;
        }
        String digits = da.trim().replace(".", ""); // ACR-NEMA wrote 2001.01.01
        try {
            LocalDate date = LocalDate.parse(digits, DateTimeFormatter.BASIC_ISO_DATE);
            return date.atStartOfDay().toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String joined(String[] values) {
        if (values == null || values.length == 0) {
            return null;
        }
        String joined = String.join("\\", values).trim();
        return joined.isEmpty() || joined.equals("\\".repeat(values.length - 1)) ? null : clip(joined);
    }

    private static String clip(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value;
    }

    /** Series a result refers to: SEG's Referenced Series, SR's evidence, other series' references. */
    static List<String> referencedSeries(List<Attributes> headers, String self) {
        Set<String> found = new LinkedHashSet<>();
        for (Attributes header : headers) {
            collectSeries(header.getSequence(ReferencedSeriesSequence), found);
            for (int evidence : new int[] {CurrentRequestedProcedureEvidenceSequence, PertinentOtherEvidenceSequence}) {
                for (Attributes study : header.getSequence(evidence)) {
                    collectSeries(study.getSequence(ReferencedSeriesSequence), found);
                }
            }
        }
        found.remove(self);
        return new ArrayList<>(found);
    }

    private static void collectSeries(List<Attributes> items, Set<String> found) {
        for (Attributes item : items) {
            String uid = item.getString(SeriesInstanceUID);
            if (uid != null) {
                found.add(uid);
            }
        }
    }
}
