package org.atrium.dicom.internal;

import java.io.IOException;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.DicomServer;
import org.atrium.dicom.ListenerConfig;
import org.atrium.dicom.QueryScp;
import org.atrium.dicom.RetrieveScp;
import org.atrium.dicom.StorageScp;
import org.atrium.dicom.internal.ul.UpperLayerServer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** Registers the upper layer listener implementation as the {@link DicomServer} service. */
@Component(service = DicomServer.class)
public final class DicomServerComponent implements DicomServer {

    private final UpperLayerServer server;

    @Activate
    public DicomServerComponent(@Reference(name = "files") DicomFiles files) {
        this.server = new UpperLayerServer(files);
    }

    @Override
    public Listener listen(ListenerConfig config, StorageScp storage, QueryScp query, RetrieveScp retrieve)
            throws IOException {
        return server.listen(config, storage, query, retrieve);
    }

    /** Listeners die with the service: whoever opened them sees the service go first. */
    @Deactivate
    void deactivate() {
        server.close();
    }
}
