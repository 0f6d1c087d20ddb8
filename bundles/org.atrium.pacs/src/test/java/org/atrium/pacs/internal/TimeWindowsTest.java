package org.atrium.pacs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class TimeWindowsTest {

    @Test
    void noWindowsMeansAlways() {
        TimeWindows always = TimeWindows.parse("");
        assertTrue(always.always());
        assertTrue(always.isOpen(LocalTime.NOON));
        assertEquals("always", always.toString());
    }

    @Test
    void windowOverMidnight() {
        TimeWindows night = TimeWindows.parse("18:00-07:00");
        assertTrue(night.isOpen(LocalTime.of(18, 0)));
        assertTrue(night.isOpen(LocalTime.of(23, 59)));
        assertTrue(night.isOpen(LocalTime.MIDNIGHT));
        assertTrue(night.isOpen(LocalTime.of(6, 59)));
        assertFalse(night.isOpen(LocalTime.of(7, 0)));
        assertFalse(night.isOpen(LocalTime.NOON));
        assertFalse(night.isOpen(LocalTime.of(17, 59)));
    }

    @Test
    void severalWindowsAndShortHours() {
        TimeWindows windows = TimeWindows.parse("18:00-07:00, 12:00-13:30; 9:00-9:15");
        assertTrue(windows.isOpen(LocalTime.of(12, 45)));
        assertFalse(windows.isOpen(LocalTime.of(13, 30)));
        assertTrue(windows.isOpen(LocalTime.of(9, 10)));
        assertFalse(windows.isOpen(LocalTime.of(10, 0)));
        assertEquals("18:00-07:00, 12:00-13:30, 09:00-09:15", windows.toString());
    }

    @Test
    void equalStartAndEndIsTheWholeDay() {
        assertTrue(TimeWindows.parse("00:00-00:00").isOpen(LocalTime.of(15, 0)));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TimeWindows.parse("evenings"));
        assertThrows(IllegalArgumentException.class, () -> TimeWindows.parse("25:00-07:00"));
        assertThrows(IllegalArgumentException.class, () -> TimeWindows.parse("18-07"));
    }
}
