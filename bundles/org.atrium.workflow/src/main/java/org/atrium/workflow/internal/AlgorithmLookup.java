package org.atrium.workflow.internal;

import java.util.List;
import java.util.Optional;
import org.atrium.extension.api.Algorithm;

/** The algorithms installed now. */
interface AlgorithmLookup {

    Optional<Algorithm> find(String id, String version);

    /** Every installed version of an algorithm, newest first. */
    List<Algorithm> versions(String id);
}
