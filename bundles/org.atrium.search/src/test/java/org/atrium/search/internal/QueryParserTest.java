package org.atrium.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.atrium.search.SearchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParserTest {

    /** A dictionary of two generic keywords, like DicomFiles.tagOf would answer. */
    final QueryParser parser = new QueryParser(new Fields(Set.of("ContrastBolusAgent", "ProtocolName")::contains));

    String parse(String q) throws SearchException {
        return parser.parse(q);
    }

    String bad(String q) {
        SearchException e = assertThrows(SearchException.class, () -> parser.parse(q), q);
        assertEquals(SearchException.Reason.BAD_QUERY, e.reason());
        return e.getMessage();
    }

    @Test
    void blankMatchesAll() throws Exception {
        assertEquals("*:*", parse(""));
        assertEquals("*:*", parse("   "));
        assertEquals("*:*", parse(null));
        assertEquals("*:*", parse("*"));
    }

    @Test
    void freeTextGoesToTheCatchAllField() throws Exception {
        assertEquals("text:chest", parse("chest"));
        assertEquals("(text:chest AND text:pa)", parse("chest pa"));
        assertEquals("text:\"chest pa\"", parse("\"chest pa\""));
        assertEquals("text:ches*", parse("ches*"));
        assertEquals("text:1\\.2\\.840\\.10008", parse("1.2.840.10008"));
    }

    @Test
    void keywordsMapToTypedFields() throws Exception {
        assertEquals("Modality_ci:ct", parse("Modality:CT"));
        assertEquals("Modality_ci:ct", parse("modality:ct"));
        assertEquals("PatientID_ci:abc*", parse("PatientID:ABC*"));
        assertEquals("PatientName_pn:doe", parse("PatientName:Doe"));
        assertEquals("PatientName_pn:\"Doe^John\"", parse("PatientName:Doe^John"));
        assertEquals("SeriesDescription_t:\"t1 axial\"", parse("SeriesDescription:\"t1 axial\""));
        assertEquals("SliceThickness_d:0.5", parse("SliceThickness:0.5"));
        assertEquals("Rows_i:512", parse("Rows:512"));
        assertEquals("HasSEG_b:true", parse("HasSEG:TRUE"));
        assertEquals("Labels_cis:\"lung trial\"", parse("Labels:\"Lung Trial\""));
        assertEquals("ContrastBolusAgent_ci:iodine", parse("ContrastBolusAgent:Iodine"));
        assertEquals("x00091001_ci:ge\\_genesis\\_ff", parse("x00091001:GE_GENESIS_FF"));
        assertEquals("x0009100A_ci:a", parse("x0009100a:A"));
        assertEquals("Modality_s:*", parse("Modality:*"));
        assertEquals("SliceThickness_d:[* TO *]", parse("SliceThickness:*"));
        // Whole string values match without regard to case; names by their parts, lowercased.
        assertEquals("BodyPartExamined_ci:chest", parse("BodyPartExamined:CHEST"));
        assertEquals("PatientID_ci:ab?1*", parse("PatientID:aB?1*"));
        assertEquals("ImageType_cis:original", parse("ImageType:ORIGINAL"));
        assertEquals("PatientName_pn:jo*", parse("PatientName:JO*"));
        assertEquals("StudyDescription_ci:[\"a\" TO \"m\"]", parse("StudyDescription:[A TO M]"));
        assertEquals("Modality_ci:\"ct\"", parse("Modality:\"CT\""));
    }

    @Test
    void datesBecomeDayRanges() throws Exception {
        assertEquals("StudyDate_dt:[2020-01-15T00:00:00Z TO 2020-01-16T00:00:00Z}", parse("StudyDate:20200115"));
        assertEquals("StudyDate_dt:[2020-01-15T00:00:00Z TO 2020-01-16T00:00:00Z}", parse("StudyDate:2020-01-15"));
        assertEquals("StudyDate_dt:[2020-01-01T00:00:00Z TO 2021-01-01T00:00:00Z}", parse("StudyDate:2020"));
        assertEquals(
                "StudyDate_dt:[2020-01-01T00:00:00Z TO 2021-01-01T00:00:00Z}",
                parse("StudyDate:[20200101 TO 20201231]"));
        assertEquals(
                "StudyDate_dt:[2020-01-02T00:00:00Z TO 2020-12-31T00:00:00Z}",
                parse("StudyDate:{20200101 TO 20201231}"));
        assertEquals("StudyDate_dt:[2020-01-01T00:00:00Z TO *]", parse("StudyDate:[20200101 TO *]"));
        assertEquals(
                "StudyDate_dt:[2020-01-01T00:00:00Z TO 2021-01-01T00:00:00Z}", parse("StudyDate:20200101-20201231"));
        assertEquals("StudyDate_dt:[* TO 2021-01-01T00:00:00Z}", parse("StudyDate:-20201231"));
        assertEquals("IngestTime_dt:{2020-01-01T10:00:00Z TO *]", parse("IngestTime:{2020-01-01T10:00:00Z TO *]"));
    }

    @Test
    void numbersAndRanges() throws Exception {
        assertEquals("SliceThickness_d:[0.5 TO 1.5]", parse("SliceThickness:[0.5 TO 1.5]"));
        assertEquals("SliceThickness_d:{* TO 2.0}", parse("SliceThickness:{* TO 2}"));
        assertEquals("Rows_i:[256 TO *]", parse("Rows:[256 TO *]"));
        assertEquals("Modality_ci:[\"cr\" TO \"ct\"]", parse("Modality:[CR TO CT]"));
    }

    @Test
    void booleanOperatorsAndGroups() throws Exception {
        assertEquals("(Modality_ci:ct OR Modality_ci:mr)", parse("Modality:CT OR Modality:MR"));
        assertEquals("(Modality_ci:ct OR Modality_ci:mr)", parse("Modality:(CT OR MR)"));
        assertEquals(
                "((Modality_ci:ct OR Modality_ci:mr) AND BodyPartExamined_ci:chest)",
                parse("(Modality:CT OR Modality:MR) AND BodyPartExamined:CHEST"));
        assertEquals("(Modality_ci:ct AND (*:* AND NOT HasSEG_b:true))", parse("Modality:CT NOT HasSEG:true"));
        assertEquals("(Modality_ci:ct AND (*:* AND NOT HasSEG_b:true))", parse("Modality:CT -HasSEG:true"));
        assertEquals("(*:* AND NOT Modality_ci:ct)", parse("NOT Modality:CT"));
        assertEquals("((text:a OR text:b) AND text:c)", parse("(a || b) && c"));
        assertEquals("(text:and AND text:or)", parse("and or"));
        assertEquals("Modality_ci:or", parse("Modality:OR"));
    }

    @Test
    void unknownKeywordsAreNamed() {
        assertTrue(bad("Modalty:CT").contains("'Modalty'"));
        assertTrue(bad("id:1.2.3").contains("'id'"));
        assertTrue(bad("_version_:1").contains("'_version_'"));
        assertTrue(bad("_query_:\"{!dismax}x\"").contains("'_query_'"));
        assertTrue(bad("text:foo").contains("'text'"));
        assertTrue(bad("Modality_s:CT").contains("'Modality_s'"));
        assertTrue(bad("Modality_ci:ct").contains("'Modality_ci'"));
        assertTrue(bad("atrium_patient_s:x").contains("'atrium_patient_s'"));
        assertTrue(bad("Modality:CT AND (BodyPart:CHEST)").contains("'BodyPart'"));
    }

    @Test
    void malformedQueriesAreRefused() {
        bad("Modality:");
        bad("Modality: CT");
        bad("(Modality:CT");
        bad("Modality:CT)");
        bad("\"unterminated");
        bad("StudyDate:[20200101 TO");
        bad("StudyDate:[20200101 20201231]");
        bad("StudyDate:2020013");
        bad("StudyDate:20201340");
        bad("StudyDate:2020*");
        bad("SliceThickness:thick");
        bad("SliceThickness:NaN");
        bad("SliceThickness:Infinity");
        bad("SliceThickness:0x1p3");
        bad("SliceThickness:1d");
        bad("Rows:1.5");
        bad("HasSEG:maybe");
        bad("AND Modality:CT");
        bad("Modality:CT OR");
        bad("Modality:(CT OR BodyPartExamined:CHEST)");
        bad("(".repeat(20) + "a" + ")".repeat(20));
        bad("a ".repeat(300));
        bad("x".repeat(QueryParser.MAX_LENGTH + 1));
    }

    /** Solr syntax typed by someone who knows it: every piece must come out literal or be refused. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{!func}sum(1,2)",
                "{!lucene df=id}*",
                "{!join from=id to=id}x",
                "x {!frange l=0}1",
                "foo^10",
                "foo~2",
                "/ab.*/",
                "a\\:b",
                "!a",
                "+a",
                "a&b|c",
                "val:abc",
                "*:*",
                "Modality:{!func}x",
                "Modality:CT\\ OR\\ id:1",
                "Modality:CT^100",
                "Modality:/C.*/",
                "PatientName:\"a\\\" OR id:\\\"1\"",
                "SeriesDescription:\"x\" OR {!terms f=id}1,2",
                "StudyDate:[NOW-1YEAR TO NOW]",
                "SliceThickness:[1 TO 2] AND {!func v=1}",
                "a\u0000b",
                "ünïcödé:x"
            })
    void nothingOfSolrsSyntaxGetsThrough(String input) {
        String out;
        try {
            out = parser.parse(input);
        } catch (SearchException e) {
            assertEquals(SearchException.Reason.BAD_QUERY, e.reason());
            return;
        }
        assertFalse(out.contains("{!"), out);
        out = out.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""); // phrases are literal
        assertFalse(out.contains("_query_"), out);
        assertFalse(out.matches(".*(?<!\\\\)\\^.*"), out);
        assertFalse(out.matches(".*(?<!\\\\)~.*"), out);
        assertFalse(out.matches(".*(?<!\\\\)/.*"), out);
        assertFalse(out.matches(".*(^|[\\s(])(id|_version_|val|text_s):.*"), out);
        assertFalse(out.startsWith("{"), out);
        // Every field written is one the parser chose.
        for (String token : out.split("[\\s()]+")) {
            int colon = indexOfUnescapedColon(token);
            if (colon > 0) {
                String field = token.substring(0, colon);
                assertTrue(
                        field.equals("text")
                                || field.equals("*")
                                || field.matches("[A-Za-z0-9]+_(s|ss|ci|cis|t|pn|dt|d|i|b)"),
                        field + " in " + out);
            }
        }
    }

    private static int indexOfUnescapedColon(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ':') {
                return i;
            } else if (c == '"' || c == '[' || c == '{') {
                return -1;
            }
        }
        return -1;
    }

    @Test
    void literalSpecialCharactersAreEscaped() throws Exception {
        assertEquals("(text:\\{\\!func\\}sum AND text:1\\,2)", parse("{!func}sum(1,2)"));
        assertEquals("text:foo\\^10", parse("foo^10"));
        assertEquals("text:\\+a", parse("+a"));
        assertEquals("text:*\\:*", parse("*:*"));
        assertEquals("PatientName_pn:\"a\\\" OR id:\\\"1\"", parse("PatientName:\"a\\\" OR id:\\\"1\""));
        assertEquals("text:a\\\u0000b", parse("a\u0000b"));
    }

    @Test
    void sortUsesValueFields() throws Exception {
        assertEquals("StudyDate_dt desc,PatientName_s asc", parser.sort("StudyDate desc, PatientName"));
        assertEquals("score desc", parser.sort("score desc"));
        assertEquals("", parser.sort(""));
        assertThrows(SearchException.class, () -> parser.sort("id asc"));
        assertThrows(SearchException.class, () -> parser.sort("StudyDate sideways"));
        assertThrows(SearchException.class, () -> parser.sort("Labels asc"));
        assertThrows(SearchException.class, () -> parser.sort("field(x) asc"));
    }
}
