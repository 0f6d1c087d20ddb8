package org.atrium.dicom.internal.ul;

import java.io.IOException;

/** The peer sent an A-ABORT. */
final class AbortedException extends IOException {

    private static final long serialVersionUID = 1L;

    AbortedException(int source, int reason) {
        super("peer aborted the association (source " + source + ", reason " + reason + ")");
    }
}
