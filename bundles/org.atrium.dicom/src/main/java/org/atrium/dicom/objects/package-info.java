/**
 * Writing the DICOM objects that algorithms produce: binary Segmentations, TID 1500 measurement
 * reports and Encapsulated PDF documents, each in the source's study and series-referencing, with
 * the algorithm's provenance in the object. The builders work through {@link
 * org.atrium.dicom.Attributes} only, so they are as toolkit-neutral as the rest of the API.
 */
@Export
@Version("1.0.0")
package org.atrium.dicom.objects;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
