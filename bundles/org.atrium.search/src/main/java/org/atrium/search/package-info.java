/** Search over the DICOM metadata of the research store, backed by Apache Solr. */
@Export
@Version("1.0.0")
package org.atrium.search;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
