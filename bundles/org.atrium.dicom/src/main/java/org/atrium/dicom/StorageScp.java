package org.atrium.dicom;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/** What a listener does with each object it receives by C-STORE. */
@ConsumerType
public interface StorageScp {

    /**
     * Called once the whole object has arrived. {@code receivedFile} is a complete Part 10 file
     * (meta header made by the listener, the data set byte for byte as received) in the
     * listener's spool folder; take it by moving it. Return normally to answer Success; throw to
     * answer the exception's status. Whatever is left of the file afterwards is deleted.
     */
    void store(
            AssociationInfo association,
            String sopClassUid,
            String sopInstanceUid,
            String transferSyntaxUid,
            Path receivedFile)
            throws DicomException;
}
