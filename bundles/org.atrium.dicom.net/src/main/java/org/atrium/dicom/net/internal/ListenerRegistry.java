package org.atrium.dicom.net.internal;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.atrium.dicom.net.DicomListeners;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Lists the listeners that are bound right now. */
@Component
public final class ListenerRegistry implements DicomListeners {

    private final List<ListenerComponent> listeners = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(ListenerComponent listener) {
        listeners.add(listener);
    }

    void removeListener(ListenerComponent listener) {
        listeners.remove(listener);
    }

    @Override
    public List<ListenerInfo> list() {
        return listeners.stream()
                .map(ListenerComponent::info)
                .sorted(Comparator.comparing(ListenerInfo::port))
                .toList();
    }
}
