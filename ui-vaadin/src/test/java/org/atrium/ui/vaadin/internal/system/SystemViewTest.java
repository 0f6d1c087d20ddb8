package org.atrium.ui.vaadin.internal.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemViewTest {

    @TempDir
    Path logs;

    @AfterEach
    void forget() {
        System.clearProperty("karaf.log");
    }

    private String tailOf(int lines, int width) throws Exception {
        List<String> written = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            written.add(i + " " + "x".repeat(width));
        }
        Files.write(logs.resolve("karaf.log"), written);
        System.setProperty("karaf.log", logs.toString());
        return String.join("\n", written.subList(Math.max(0, lines - 200), lines));
    }

    @Test
    void aShortLogIsShownWhole() throws Exception {
        String expected = tailOf(50, 10);
        assertEquals(expected, SystemView.recentLog());
    }

    @Test
    void aLongLogShowsItsLast200Lines() throws Exception {
        // About 20 MB: only its end is read, and the line cut by the start of that end is dropped.
        String expected = tailOf(20_000, 1000);
        assertEquals(expected, SystemView.recentLog());
    }
}
