/**
 * What the sample algorithms share: a CT series read into a voxel volume ordered along the slice
 * normal, a Segmentation's segments as masks on that volume, typed access to run parameters, and
 * the provenance of a run as result writers want it.
 */
@Export
@Version("1.0.0")
package org.atrium.samples.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
