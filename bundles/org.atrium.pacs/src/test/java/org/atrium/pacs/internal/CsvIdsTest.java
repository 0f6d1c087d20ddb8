package org.atrium.pacs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvIdsTest {

    @Test
    void headerPicksTheColumns() {
        CsvIds.Ids ids = CsvIds.parse("PatientID;Study Instance UID;Accession Number\r\n"
                + "P1;1.2.3.4.5;\r\n"
                + "P2;;ACC-17\r\n"
                + "P3;\"1.2.3.4.6\";ACC-18\r\n"
                + "\r\n"
                + "# a comment\r\n"
                + "P1;1.2.3.4.5;\r\n");
        assertEquals(List.of("1.2.3.4.5", "1.2.3.4.6"), ids.studyInstanceUids());
        assertEquals(List.of("ACC-17"), ids.accessionNumbers());
    }

    @Test
    void withoutHeaderUidsAndAccessionsAreToldApart() {
        CsvIds.Ids ids = CsvIds.parse("2.25.1234567890\nA0001\n1.2.840.113619.2.1\n12345678\n");
        assertEquals(List.of("2.25.1234567890", "1.2.840.113619.2.1"), ids.studyInstanceUids());
        assertEquals(List.of("A0001", "12345678"), ids.accessionNumbers());
    }

    @Test
    void accessionColumnOnly() {
        CsvIds.Ids ids = CsvIds.parse("AccessionNumber,Comment\nX1,\"first, really\"\nX2,\n");
        assertEquals(List.of(), ids.studyInstanceUids());
        assertEquals(List.of("X1", "X2"), ids.accessionNumbers());
    }

    @Test
    void quotedCellsWithSeparatorsAndQuotes() {
        assertEquals(List.of("a,b", "say \"hi\"", "c"), CsvIds.cells("\"a,b\",\"say \"\"hi\"\"\",c"));
    }

    @Test
    void badValuesNameTheLine() {
        IllegalArgumentException uid =
                assertThrows(IllegalArgumentException.class, () -> CsvIds.parse("StudyInstanceUID\n1.2.3\n1.2.x\n"));
        assertEquals("line 3: not a UID: '1.2.x'", uid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvIds.parse("AccessionNumber\n12345678901234567\n"));
    }
}
