/**
 * Atrium's own small DICOM API. Nothing outside this bundle sees the toolkit behind it (PixelMed
 * today), so the toolkit can be replaced without touching the rest of the platform.
 */
@Export
@Version("1.2.0")
package org.atrium.dicom;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
