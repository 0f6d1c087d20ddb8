package org.atrium.search.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.atrium.search.SearchLevel;

/**
 * Where each DICOM keyword lives in the Solr documents. Attributes the platform knows are typed
 * ({@code StudyDate → StudyDate_dt}); other dictionary attributes are strings ({@code
 * Keyword_s}); private and unknown tags are strings named by tag ({@code x00091001_s}). Text and
 * person names are indexed twice: tokenized for search ({@code _t}, {@code _pn}) and whole for
 * facets, sorting and display ({@code _s}). The schema copies every whole string value into a
 * lowercased twin ({@code _s → _ci}, {@code _ss → _cis}) that queries match against, so that
 * {@code Modality:ct} finds {@code CT} while facets still show the values as they were sent.
 */
public final class Fields {

    /** Field types: dynamic field suffixes of the schema. */
    public enum Type {
        STRING("_s", "_s", "_ci"),
        TEXT("_t", "_s", "_ci"),
        PERSON_NAME("_pn", "_s", "_ci"),
        STRINGS("_ss", "_ss", "_cis"),
        DATE("_dt", "_dt", "_dt"),
        DATE_TIME("_dt", "_dt", "_dt"),
        INT("_i", "_i", "_i"),
        DOUBLE("_d", "_d", "_d"),
        BOOLEAN("_b", "_b", "_b");

        final String querySuffix;
        final String valueSuffix;
        final String wholeValueSuffix;

        Type(String querySuffix, String valueSuffix, String wholeValueSuffix) {
            this.querySuffix = querySuffix;
            this.valueSuffix = valueSuffix;
            this.wholeValueSuffix = wholeValueSuffix;
        }

        boolean numeric() {
            return this == INT || this == DOUBLE;
        }

        boolean date() {
            return this == DATE || this == DATE_TIME;
        }
    }

    /** A keyword, its type and the level whose documents show it. */
    public record Field(String keyword, Type type, SearchLevel level) {

        /** The field queries run against. */
        public String queryField() {
            return keyword + type.querySuffix;
        }

        /** The field that is stored, faceted on and sorted by. */
        public String valueField() {
            return keyword + type.valueSuffix;
        }

        /**
         * The field whole values are matched against (terms, wildcards, ranges): for strings the
         * schema's lowercased copy of {@link #valueField()}, for other types the value field.
         */
        public String wholeValueField() {
            return keyword + type.wholeValueSuffix;
        }
    }

    /** Catch-all field of the schema, the target of free text. */
    public static final String TEXT = "text";
    /** The store's patient key: patients are grouped by it. */
    public static final String PATIENT_KEY = "atrium_patient_s";
    /** When the indexer wrote a document. */
    public static final String INDEXED_AT = "atrium_indexed_dt";

    public static final String ID = "id";

    /**
     * The document id of a series: {@code <route>!<SeriesInstanceUID>}. SolrCloud's compositeId
     * router hashes the part before {@code !}, so every series of a patient, and with them every
     * series of a study, lands on the same shard: collapsing on the study UID or the patient key
     * stays exact on any number of shards. The route is a hash of the patient key (which may hold
     * {@code !} or {@code /}, both special to the router), or the study UID when there is no key.
     * Standalone Solr ignores the prefix.
     */
    static String documentId(String patientKey, String studyUid, String seriesUid) {
        String route = patientKey == null || patientKey.isBlank()
                ? studyUid
                : "p" + Integer.toHexString(patientKey.hashCode());
        return route + "!" + seriesUid;
    }

    private static final Pattern PRIVATE = Pattern.compile("x[0-9A-Fa-f]{8}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    /** What Solr would take for a field name: such a word before ':' is a keyword or an error. */
    private static final Pattern FIELD_LIKE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    static final List<Field> KNOWN = List.of(
            f("PatientID", Type.STRING, SearchLevel.PATIENT),
            f("IssuerOfPatientID", Type.STRING, SearchLevel.PATIENT),
            f("PatientName", Type.PERSON_NAME, SearchLevel.PATIENT),
            f("PatientSex", Type.STRING, SearchLevel.PATIENT),
            f("PatientBirthDate", Type.DATE, SearchLevel.PATIENT),
            f("StudyInstanceUID", Type.STRING, SearchLevel.STUDY),
            f("StudyDate", Type.DATE, SearchLevel.STUDY),
            f("StudyTime", Type.STRING, SearchLevel.STUDY),
            f("StudyID", Type.STRING, SearchLevel.STUDY),
            f("StudyDescription", Type.TEXT, SearchLevel.STUDY),
            f("AccessionNumber", Type.STRING, SearchLevel.STUDY),
            f("ReferringPhysicianName", Type.PERSON_NAME, SearchLevel.STUDY),
            f("PatientAge", Type.STRING, SearchLevel.STUDY),
            f("ModalitiesInStudy", Type.STRINGS, SearchLevel.STUDY),
            f("NumberOfStudyRelatedSeries", Type.INT, SearchLevel.STUDY),
            f("NumberOfStudyRelatedInstances", Type.INT, SearchLevel.STUDY),
            f("HasSEG", Type.BOOLEAN, SearchLevel.STUDY),
            f("HasSR", Type.BOOLEAN, SearchLevel.STUDY),
            f("HasPDF", Type.BOOLEAN, SearchLevel.STUDY),
            f("SeriesInstanceUID", Type.STRING, SearchLevel.SERIES),
            f("SeriesDate", Type.DATE, SearchLevel.SERIES),
            f("SeriesTime", Type.STRING, SearchLevel.SERIES),
            f("SeriesNumber", Type.INT, SearchLevel.SERIES),
            f("Modality", Type.STRING, SearchLevel.SERIES),
            f("SeriesDescription", Type.TEXT, SearchLevel.SERIES),
            f("ProtocolName", Type.TEXT, SearchLevel.SERIES),
            f("BodyPartExamined", Type.STRING, SearchLevel.SERIES),
            f("Manufacturer", Type.STRING, SearchLevel.SERIES),
            f("ManufacturerModelName", Type.STRING, SearchLevel.SERIES),
            f("InstitutionName", Type.STRING, SearchLevel.SERIES),
            f("StationName", Type.STRING, SearchLevel.SERIES),
            f("SliceThickness", Type.DOUBLE, SearchLevel.SERIES),
            f("SpacingBetweenSlices", Type.DOUBLE, SearchLevel.SERIES),
            f("MagneticFieldStrength", Type.DOUBLE, SearchLevel.SERIES),
            f("KVP", Type.DOUBLE, SearchLevel.SERIES),
            f("Rows", Type.INT, SearchLevel.SERIES),
            f("Columns", Type.INT, SearchLevel.SERIES),
            f("ImageType", Type.STRINGS, SearchLevel.SERIES),
            f("SOPClassUID", Type.STRINGS, SearchLevel.SERIES),
            f("NumberOfSeriesRelatedInstances", Type.INT, SearchLevel.SERIES),
            f("Labels", Type.STRINGS, SearchLevel.SERIES),
            f("IngestTime", Type.DATE_TIME, SearchLevel.SERIES),
            // Results (SEG, SR, PDF...) and the series they were made from, both ways.
            f("ReferencedSeries", Type.STRINGS, SearchLevel.SERIES),
            f("DerivedSeries", Type.STRINGS, SearchLevel.SERIES),
            f("DerivedModalities", Type.STRINGS, SearchLevel.SERIES));

    private static final Map<String, Field> BY_LOWER_KEYWORD;

    static {
        Map<String, Field> byKeyword = new LinkedHashMap<>();
        for (Field field : KNOWN) {
            byKeyword.put(field.keyword().toLowerCase(Locale.ROOT), field);
        }
        BY_LOWER_KEYWORD = Collections.unmodifiableMap(byKeyword);
    }

    /** Tells whether a keyword is in the DICOM data dictionary. */
    @FunctionalInterface
    public interface Dictionary {
        boolean contains(String keyword);
    }

    private final Dictionary dictionary;

    public Fields(Dictionary dictionary) {
        this.dictionary = dictionary;
    }

    private static Field f(String keyword, Type type, SearchLevel level) {
        return new Field(keyword, type, level);
    }

    /** The known (typed) field of a keyword, or null. */
    static Field known(String keyword) {
        return BY_LOWER_KEYWORD.get(keyword.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code word} has the shape of a keyword, so that {@code word:} is meant as a field. */
    static boolean looksLikeKeyword(String word) {
        return FIELD_LIKE.matcher(word).matches();
    }

    /**
     * The field of a keyword as a user typed it, or null when there is none: a known keyword
     * (any case), a dictionary keyword (exact case) or a private tag {@code xGGGGEEEE}.
     */
    public Field resolve(String keyword) {
        Field field = known(keyword);
        if (field != null) {
            return field;
        }
        if (PRIVATE.matcher(keyword).matches()) {
            return new Field(
                    privateKeyword(Integer.parseUnsignedInt(keyword.substring(1), 16)),
                    Type.STRING,
                    SearchLevel.SERIES);
        }
        if (IDENTIFIER.matcher(keyword).matches() && dictionary.contains(keyword)) {
            return new Field(keyword, Type.STRING, SearchLevel.SERIES);
        }
        return null;
    }

    /** The keyword of a tag outside the dictionary: {@code x0009100A}. */
    public static String privateKeyword(int tag) {
        return String.format(Locale.ROOT, "x%08X", tag);
    }

    /**
     * The keyword of a stored Solr field, or null for fields that are not attributes (the id,
     * the internal fields, the search-only copies).
     */
    public static String keywordOf(String solrField) {
        if (solrField.equals(ID) || solrField.startsWith("atrium_") || solrField.startsWith("_")) {
            return null;
        }
        int underscore = solrField.lastIndexOf('_');
        if (underscore <= 0) {
            return null;
        }
        String suffix = solrField.substring(underscore);
        if (suffix.equals("_t") || suffix.equals("_pn")) {
            return null;
        }
        return solrField.substring(0, underscore);
    }

    /** Stored fields worth returning at a level ({@code fl}). */
    public static String returnedFields(SearchLevel level) {
        if (level == SearchLevel.SERIES) {
            return "*_s,*_ss,*_i,*_d,*_dt,*_b";
        }
        List<String> fields = new ArrayList<>();
        for (Field field : KNOWN) {
            if (includes(level, field.level())) {
                fields.add(field.valueField());
            }
        }
        return String.join(",", fields);
    }

    /** Whether documents at {@code level} show attributes of {@code attributeLevel}. */
    static boolean includes(SearchLevel level, SearchLevel attributeLevel) {
        return depth(attributeLevel) <= depth(level);
    }

    private static int depth(SearchLevel level) {
        return switch (level) {
            case PATIENT -> 0;
            case STUDY -> 1;
            case SERIES -> 2;
        };
    }
}
