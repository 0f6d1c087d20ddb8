/**
 * The extension SPI: what a workflow {@link org.atrium.extension.api.Algorithm} or a user
 * {@link org.atrium.extension.api.Tool} implements, and what the platform hands it. An extension is a
 * Karaf feature whose bundles register services of these types; this package is all it needs at
 * compile time besides Atrium's DICOM API.
 */
@Export
@Version("1.0.0")
package org.atrium.extension.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
