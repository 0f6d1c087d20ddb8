package org.atrium.dicom;

import org.osgi.annotation.versioning.ConsumerType;

/** Answers C-FIND requests of a listener. */
@ConsumerType
public interface QueryScp {

    /**
     * Finds matches for {@code keys} and hands each to {@code matches}; stops early when it
     * returns {@code false} (the peer cancelled or the association is gone).
     */
    void find(AssociationInfo association, InformationModel model, Attributes keys, Matches matches)
            throws DicomException;

    @FunctionalInterface
    interface Matches {
        boolean add(Attributes match);
    }
}
