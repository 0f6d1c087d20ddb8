/**
 * Extensions as the platform's other bundles see them: the {@code atrium-ext-*} features there are,
 * and installing and uninstalling them.
 */
@Export
@Version("1.0.0")
package org.atrium.extension;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
