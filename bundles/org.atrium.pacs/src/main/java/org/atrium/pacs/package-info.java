/**
 * The clinical PACS connection: C-FIND on remote nodes ({@link org.atrium.pacs.PacsQuery}),
 * tracked imports into the research store ({@link org.atrium.pacs.Imports}) and forwarding of
 * stored objects to remote nodes through a persistent queue ({@link org.atrium.pacs.Forwarding}).
 */
@Export
@Version("1.0.0")
package org.atrium.pacs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
