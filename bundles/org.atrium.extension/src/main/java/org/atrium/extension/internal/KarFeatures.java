package org.atrium.extension.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The features a KAR file carries, read from its feature repositories before it is installed: Karaf
 * installs a KAR's features as soon as it installs the KAR, so what it would replace must be known
 * first.
 */
final class KarFeatures {

    private static final String FEATURES_NAMESPACE = "http://karaf.apache.org/xmlns/features/v";

    private KarFeatures() {}

    /** Every feature of the KAR's feature repositories whose name starts with {@code prefix}. */
    static List<FeatureRef> read(Path kar, String prefix) throws IOException {
        DocumentBuilder parser = parser();
        List<FeatureRef> found = new ArrayList<>();
        try (ZipFile zip = new ZipFile(kar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()
                        || !entry.getName().endsWith(".xml")
                        || entry.getName().startsWith("META-INF/")) {
                    continue;
                }
                Element root;
                try (InputStream in = zip.getInputStream(entry)) {
                    root = parser.parse(in).getDocumentElement();
                } catch (SAXException notXml) {
                    continue; // Karaf does not take it for a feature repository either
                }
                if (isFeatureRepository(root)) {
                    addFeatures(root, prefix, found);
                }
            }
        }
        return found;
    }

    private static boolean isFeatureRepository(Element root) {
        String namespace = root.getNamespaceURI();
        return "features".equals(root.getLocalName())
                && (namespace == null || namespace.isEmpty() || namespace.startsWith(FEATURES_NAMESPACE));
    }

    private static void addFeatures(Element root, String prefix, List<FeatureRef> found) {
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element feature && "feature".equals(feature.getLocalName())) {
                String name = feature.getAttribute("name");
                if (name.startsWith(prefix)) {
                    found.add(FeatureRef.of(name, feature.getAttribute("version")));
                }
            }
        }
    }

    /** The JDK's own parser (not whatever the framework offers), without DTDs or external entities. */
    private static DocumentBuilder parser() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler());
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML parser: " + e.getMessage(), e);
        }
    }
}
