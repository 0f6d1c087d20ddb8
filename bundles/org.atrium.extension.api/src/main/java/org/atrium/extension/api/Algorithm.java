package org.atrium.extension.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A workflow algorithm: register an instance as an OSGi service. The platform runs it once per
 * input series, or once per dataset when {@link AlgorithmDescriptor#scope()} says so, each run in a
 * job of its own. Its outputs are DICOM objects given to {@link RunContext#output()}; they are
 * stored only when {@link #run} returns normally, so a failed or cancelled job stores nothing.
 */
@ConsumerType
public interface Algorithm {

    AlgorithmDescriptor descriptor();

    /**
     * Runs over {@link RunContext#inputs()}. Throw to fail the job (the message is the reason
     * shown to the user); check {@link RunContext#cancelled()} between steps and return or throw
     * when it is true.
     */
    void run(RunContext context) throws Exception;
}
