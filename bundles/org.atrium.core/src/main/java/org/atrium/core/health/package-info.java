/** Health of the platform's components, reported on {@code GET /api/v1/health}. */
@Export
@Version("1.0.0")
package org.atrium.core.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
