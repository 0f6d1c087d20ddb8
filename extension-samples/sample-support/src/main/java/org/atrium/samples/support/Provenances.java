package org.atrium.samples.support;

import org.atrium.dicom.objects.Contributor;
import org.atrium.extension.api.Provenance;

/** A run's provenance as the result builders write it. */
public final class Provenances {

    private Provenances() {}

    public static Contributor contributor(String vendor, Provenance provenance) {
        return new Contributor(
                vendor,
                provenance.algorithmId(),
                provenance.algorithmVersion(),
                provenance.parameterHash(),
                provenance.jobId());
    }
}
