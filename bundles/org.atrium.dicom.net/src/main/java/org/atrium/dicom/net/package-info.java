/** The platform's DICOM presence: its listeners and the remote nodes it knows. */
@Export
@Version("1.2.0")
package org.atrium.dicom.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
