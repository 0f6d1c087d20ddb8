package org.atrium.dicomweb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atrium.store.ResearchStore.Level;
import org.junit.jupiter.api.Test;

class QidoQueryTest {

    /** A few dictionary entries, as DicomFiles has them all. */
    private static final Map<String, Integer> DICTIONARY = Map.of(
            "PatientName", 0x00100010,
            "PatientID", 0x00100020,
            "StudyDate", 0x00080020,
            "StudyInstanceUID", 0x0020000D,
            "SeriesInstanceUID", 0x0020000E,
            "Modality", 0x00080060,
            "Rows", 0x00280010,
            "InstitutionName", 0x00080080,
            "SOPInstanceUID", 0x00080018,
            "ReferencedSeriesSequence", 0x00081115);

    private static QidoQuery parse(Level level, Map<String, String> scope, String... parameters)
            throws DicomWebException {
        Map<String, String[]> map = new LinkedHashMap<>();
        for (String parameter : parameters) {
            int equals = parameter.indexOf('=');
            String name = parameter.substring(0, equals);
            String[] old = map.getOrDefault(name, new String[0]);
            String[] values = java.util.Arrays.copyOf(old, old.length + 1);
            values[old.length] = parameter.substring(equals + 1);
            map.put(name, values);
        }
        return QidoQuery.parse(
                level,
                map,
                scope,
                keyword -> DICTIONARY.getOrDefault(keyword, -1),
                tag -> DICTIONARY.entrySet().stream()
                        .filter(e -> e.getValue() == tag)
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElse(null),
                100);
    }

    @Test
    void keywordsAndTagsBecomeStoreKeys() throws DicomWebException {
        QidoQuery query = parse(
                Level.STUDY,
                Map.of(),
                "PatientName=Doe*",
                "00080020=20200101-20201231",
                "StudyInstanceUID=1.2.3,1.2.4",
                "limit=10",
                "offset=20",
                "fuzzymatching=false");
        assertEquals(
                Map.of("PatientName", "Doe*", "StudyDate", "20200101-20201231", "StudyInstanceUID", "1.2.3\\1.2.4"),
                query.keys());
        assertEquals(10, query.limit());
        assertEquals(20, query.offset());
        assertEquals(31, query.storeQuery().limit(), "one more than the page tells whether more exist");
        assertTrue(query.unsupported().isEmpty());
    }

    @Test
    void includefieldTakesKeywordsTagsListsAndAll() throws DicomWebException {
        QidoQuery query = parse(
                Level.INSTANCE, Map.of(), "includefield=Rows,00080080", "includefield=SOPInstanceUID", "PatientID=");
        assertEquals(Set.of(0x00280010, 0x00080080, 0x00080018, 0x00100020), query.includeFields());
        assertTrue(query.keys().isEmpty(), "an empty key is a return key");
        assertTrue(parse(Level.STUDY, Map.of(), "includefield=all").includeAll());
    }

    @Test
    void keysTheIndexCannotMatchAreReportedNotRefused() throws DicomWebException {
        QidoQuery query =
                parse(Level.STUDY, Map.of(), "InstitutionName=General", "SOPInstanceUID=1.2", "00081115.0020000E=1.2");
        assertTrue(query.keys().isEmpty());
        assertEquals(List.of("InstitutionName", "SOPInstanceUID", "00081115.0020000E"), query.unsupported());
    }

    @Test
    void thePathScopesTheSearch() throws DicomWebException {
        QidoQuery query =
                parse(Level.SERIES, Map.of("StudyInstanceUID", "1.2.3"), "StudyInstanceUID=9.9", "Modality=CT");
        assertEquals(Map.of("StudyInstanceUID", "1.2.3", "Modality", "CT"), query.keys());
        assertEquals(100, query.limit(), "the configured maximum without a limit");
        assertEquals(100, parse(Level.SERIES, Map.of(), "limit=5000").limit(), "never above it");
    }

    @Test
    void badParametersAre400sThatSayWhy() {
        for (String[] bad : new String[][] {
            {"limit=0", "limit"},
            {"limit=ten", "limit"},
            {"offset=-1", "offset"},
            {"fuzzymatching=maybe", "fuzzymatching"},
            {"NoSuchKeyword=1", "NoSuchKeyword"},
            {"12345678=1", "12345678"},
            {"includefield=Nonsense", "Nonsense"},
            {"Modality=CT", "Modality=MR", "Modality"}
        }) {
            String[] parameters = java.util.Arrays.copyOf(bad, bad.length - 1);
            DicomWebException e = assertThrows(
                    DicomWebException.class,
                    () -> parse(Level.STUDY, Map.of(), parameters),
                    String.join("&", parameters));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains(bad[bad.length - 1]), e.getMessage());
        }
    }
}
