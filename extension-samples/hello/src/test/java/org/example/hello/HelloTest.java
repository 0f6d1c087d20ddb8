package org.example.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.image.StructuredReport;
import org.atrium.extension.api.InputSeries;
import org.atrium.samples.testing.Dciodvfy;
import org.atrium.samples.testing.SyntheticCt;
import org.atrium.samples.testing.TestRunContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelloTest {

    @TempDir
    Path temp;

    @Test
    void saysHelloToTheSeriesInAValidSr() throws Exception {
        InputSeries series = new SyntheticCt(16, 3).write(temp.resolve("ct"));
        TestRunContext context = new TestRunContext(Hello.ID, List.of(series), Map.of("greeting", "Hi"), temp);

        new Hello().run(context);

        assertEquals(1, context.outputs().size());
        Path sr = context.outputs().get(0);
        assertEquals(List.of(), Dciodvfy.errors(sr));
        StructuredReport report = context.images().structuredReport(sr);
        assertEquals("Hello", report.documentTitle());
        String text = report.root().children().get(0).text();
        assertTrue(text.startsWith("Hi from Atrium: series \"Phantom CT\" has 3 instances"), text);
    }
}
