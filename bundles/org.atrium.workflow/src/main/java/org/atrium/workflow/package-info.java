/**
 * Workflows: an {@link org.atrium.extension.api.Algorithm} with its parameters over a dataset or a
 * list of series, cut into persistent jobs that a resource-aware scheduler runs, with logs,
 * cancel, retry and re-run; results stored in the research store.
 */
@Export
@Version("1.1.0")
package org.atrium.workflow;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
