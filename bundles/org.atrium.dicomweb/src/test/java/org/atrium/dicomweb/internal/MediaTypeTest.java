package org.atrium.dicomweb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediaTypeTest {

    @Test
    void parsesTypeAndQuotedParameters() {
        MediaType type =
                MediaType.parse("Multipart/Related; type=\"application/dicom\"; transfer-syntax=*; boundary=\"a;b,c\"");
        assertEquals("multipart/related", type.essence());
        assertEquals("application/dicom", type.parameter("type"));
        assertEquals("*", type.parameter("transfer-syntax"));
        assertEquals("a;b,c", type.parameter("boundary"));
    }

    @Test
    void acceptListsComeBestFirst() {
        List<MediaType> ranges = MediaType.accepted(
                List.of("*/*;q=0.1, image/png;q=0.5", "multipart/related; type=\"application/dicom\", image/*;q=0.5"));
        assertEquals("multipart/related", ranges.get(0).essence());
        assertEquals("image/png", ranges.get(1).essence(), "more specific first among equal qualities");
        assertEquals("image/*", ranges.get(2).essence());
        assertEquals("*/*", ranges.get(3).essence());
        assertEquals(List.of(MediaType.ANY), MediaType.accepted(List.of()), "no Accept header: anything");
        assertTrue(MediaType.accepted(List.of("image/png;q=0")).isEmpty(), "q=0 refuses");
    }

    @Test
    void wildcardsAdmit() {
        assertTrue(MediaType.parse("*/*").admits("image", "jpeg"));
        assertTrue(MediaType.parse("image/*").admits("image", "jpeg"));
        assertFalse(MediaType.parse("image/*").admits("application", "dicom"));
        assertFalse(MediaType.parse("application/dicom").admits("application", "dicom+json"));
    }

    @Test
    void malformedTypesAreRefusedWithTheText() {
        for (String text : new String[] {"", "dicom", "/x", "a/", "a/b; q=high", "a/b; novalue", "a/b; x=\"open"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MediaType.parse(text));
            assertFalse(e.getMessage().isBlank());
        }
    }
}
