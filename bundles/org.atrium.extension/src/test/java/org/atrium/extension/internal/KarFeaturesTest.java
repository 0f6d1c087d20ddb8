package org.atrium.extension.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KarFeaturesTest {

    private static final String REPOSITORY = "repository/org/example/ext/2.0.0/ext-2.0.0-features.xml";

    @TempDir
    Path dir;

    @Test
    void readsTheExtensionFeaturesOfTheKarsRepositories() throws IOException {
        Path kar = kar(Map.of(
                REPOSITORY,
                "<?xml version='1.0'?>\n<features name='ext-2.0.0' xmlns='http://karaf.apache.org/xmlns/features/v1.6.0'>"
                        + "<repository>mvn:org.example/base/1/xml/features</repository>"
                        + "<feature name='atrium-ext-example' version='2.0.0-SNAPSHOT'><bundle>mvn:a/b/1</bundle></feature>"
                        + "<feature name='example-helper' version='2.0.0'/>"
                        + "<feature name='atrium-ext-unversioned'/></features>",
                "repository/org/example/ext/2.0.0/maven-metadata-local.xml",
                "<metadata><version>2.0.0</version></metadata>",
                "repository/org/example/ext/2.0.0/ext-2.0.0.jar",
                "not xml at all",
                "repository/org/example/broken/1/broken.xml",
                "<features><feature name='atrium-ext-broken'",
                "META-INF/maven/org.example/ext/features.xml",
                "<features><feature name='atrium-ext-meta' version='1'/></features>"));
        assertEquals(
                List.of(
                        FeatureRef.of("atrium-ext-example", "2.0.0.SNAPSHOT"),
                        FeatureRef.of("atrium-ext-unversioned", "0.0.0")),
                KarFeatures.read(kar, "atrium-ext-"));
    }

    @Test
    void aFeatureFileWithADoctypeIsNotRead() throws IOException {
        Path kar = kar(Map.of(
                REPOSITORY,
                "<?xml version='1.0'?><!DOCTYPE features [<!ENTITY v '9.0.0'>]>"
                        + "<features><feature name='atrium-ext-entity' version='&v;'/></features>"));
        assertEquals(List.of(), KarFeatures.read(kar, "atrium-ext-"));
    }

    @Test
    void aFileThatIsNoZipIsAnError() throws IOException {
        Path notKar = Files.writeString(dir.resolve("not.kar"), "plain text");
        assertThrows(IOException.class, () -> KarFeatures.read(notKar, "atrium-ext-"));
    }

    private Path kar(Map<String, String> entries) throws IOException {
        Path kar = dir.resolve("test.kar");
        try (OutputStream file = Files.newOutputStream(kar);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return kar;
    }
}
