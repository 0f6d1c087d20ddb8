package org.atrium.dicom.net;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The listeners running now. */
@ProviderType
public interface DicomListeners {

    List<ListenerInfo> list();

    /** One listener: its AE title, bound port and associations in progress. */
    record ListenerInfo(String aeTitle, String bindAddress, int port, int activeAssociations, boolean queryRetrieve) {}
}
