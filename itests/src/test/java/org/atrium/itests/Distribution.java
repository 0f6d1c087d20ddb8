package org.atrium.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ops4j.pax.exam.Option;

/** Pax Exam options that boot the assembled distribution with every port moved off its default. */
final class Distribution {

    static final String KARAF_VERSION = "4.4.10";
    /** A user of role researcher for the REST API. */
    static final String USER = "itest";

    private Distribution() {}

    /** The ports one booted distribution listens on; each test class has its own. */
    record Ports(int ssh, int rmiRegistry, int rmiServer, int web, int dicom, int solr) {}

    static Option[] options(Ports ports, Option... more) {
        String distribution = System.getProperty("atrium.distribution");
        String target = System.getProperty("atrium.target", "target");
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl("file:" + distribution)
                        .unpackDirectory(new File(target, "exam"))
                        .useDeployFolder(false),
                keepRuntimeFolder(),
                // What bin/karaf passes on Java 9+: Karaf's spec locator patched into the JDK.
                vmOption("--add-reads=java.xml=java.logging"),
                vmOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
                vmOption("--patch-module"),
                vmOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF_VERSION + ".jar"),
                vmOption("--patch-module"),
                vmOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF_VERSION + ".jar"),
                vmOption("--add-opens"),
                vmOption("java.base/java.security=ALL-UNNAMED"),
                vmOption("--add-opens"),
                vmOption("java.base/java.net=ALL-UNNAMED"),
                vmOption("--add-opens"),
                vmOption("java.base/java.lang=ALL-UNNAMED"),
                vmOption("--add-opens"),
                vmOption("java.base/java.util=ALL-UNNAMED"),
                vmOption("--add-opens"),
                vmOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
                vmOption("-classpath"),
                vmOption("lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*"),
                configureConsole().ignoreLocalConsole(),
                systemProperty("atrium.itest.work").value(new File(target, "work").getAbsolutePath()),
                editConfigurationFilePut(
                        "etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository")),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(ports.ssh())),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.management.cfg",
                        "rmiRegistryPort",
                        Integer.toString(ports.rmiRegistry())),
                editConfigurationFilePut(
                        "etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(ports.rmiServer())),
                editConfigurationFilePut("etc/org.atrium.web.cfg", "port", Integer.toString(ports.web())),
                editConfigurationFilePut("etc/org.atrium.web.cfg", "host", "127.0.0.1"),
                editConfigurationFilePut(
                        "etc/org.atrium.dicom.listener-default.cfg", "port", Integer.toString(ports.dicom())),
                editConfigurationFilePut("etc/org.atrium.search.solr.cfg", "port", Integer.toString(ports.solr())),
                editConfigurationFilePut("etc/users.properties", USER, USER + ",researcher")));
        options.addAll(Arrays.asList(more));
        return options.toArray(new Option[0]);
    }
}
