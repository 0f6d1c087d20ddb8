package org.atrium.dicom.net;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The configured remote nodes. */
@ProviderType
public interface DicomNodes {

    List<RemoteNode> list();

    /** By configured name, or else by AE title (case-sensitive, as AE titles are). */
    Optional<RemoteNode> find(String nameOrAeTitle);

    /** The calling AE title the platform uses towards remote nodes. */
    String localAeTitle();
}
