package org.atrium.core.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component that can say whether it works. Register one as an OSGi service per component; the
 * web bundle collects them all into the health report.
 */
@ConsumerType
public interface HealthCheck {

    /** Short, stable name of the component, such as {@code store} or {@code dicom:ATRIUM}. */
    String component();

    /** Checks now; must return quickly and never throw for an unhealthy component. */
    Health check();
}
