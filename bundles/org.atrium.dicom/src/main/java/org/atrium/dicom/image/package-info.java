/**
 * Reading what a viewer shows and an algorithm consumes: image frames rendered through the
 * modality and VOI transformations, Segmentations, Structured Report content trees and
 * encapsulated documents. Toolkit-neutral, like the rest of Atrium's DICOM API.
 */
@Export
@Version("1.1.0")
package org.atrium.dicom.image;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
