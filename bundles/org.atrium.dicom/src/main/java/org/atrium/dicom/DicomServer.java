package org.atrium.dicom;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/** Opens DICOM listeners (service class provider side). */
@ProviderType
public interface DicomServer {

    /**
     * Binds a listener and serves Verification always, Storage when {@code storage} is given,
     * Query/Retrieve FIND when {@code query} is, MOVE and GET when {@code retrieve} is.
     */
    Listener listen(ListenerConfig config, StorageScp storage, QueryScp query, RetrieveScp retrieve) throws IOException;

    /** A bound listener; closing it stops accepting and aborts its associations. */
    @ProviderType
    interface Listener extends AutoCloseable {
        int port();

        int activeAssociations();

        @Override
        void close();
    }
}
