/**
 * The research store: DICOM objects kept exactly as received, durably, with a Patient → Study →
 * Series → Instance index in a database, and events for everything that changes.
 */
@Export
@Version("1.2.0")
package org.atrium.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
