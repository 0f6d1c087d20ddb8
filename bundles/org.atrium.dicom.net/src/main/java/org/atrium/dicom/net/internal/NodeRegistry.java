package org.atrium.dicom.net.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.dicom.net.RemoteNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Collects the configured remote nodes. */
@Component(configurationPid = NodeRegistry.PID)
@Designate(ocd = NodeRegistry.Config.class)
public final class NodeRegistry implements DicomNodes {

    static final String PID = "org.atrium.dicom";
    static final String DEFAULT_AE_TITLE = "ATRIUM";

    @ObjectClassDefinition(name = "Atrium DICOM", description = "Settings shared by all DICOM operations.")
    public @interface Config {
        @AttributeDefinition(description = "Calling AE title towards remote nodes.")
        String aeTitle() default DEFAULT_AE_TITLE;
    }

    private final List<RemoteNode> nodes = new CopyOnWriteArrayList<>();
    private volatile String localAeTitle;

    @Activate
    public NodeRegistry(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        localAeTitle = config.aeTitle();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addNode(RemoteNode node) {
        nodes.add(node);
    }

    void removeNode(RemoteNode node) {
        nodes.remove(node);
    }

    @Override
    public List<RemoteNode> list() {
        return nodes.stream().sorted(Comparator.comparing(n -> n.node().name())).toList();
    }

    @Override
    public Optional<RemoteNode> find(String nameOrAeTitle) {
        Optional<RemoteNode> byName = nodes.stream()
                .filter(n -> n.node().name().equals(nameOrAeTitle))
                .findFirst();
        return byName.isPresent()
                ? byName
                : nodes.stream()
                        .filter(n -> n.node().aeTitle().equals(nameOrAeTitle))
                        .findFirst();
    }

    @Override
    public String localAeTitle() {
        return localAeTitle;
    }
}
