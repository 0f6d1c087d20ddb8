package org.atrium.dicomweb.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Atrium DICOMweb",
        description = "QIDO-RS, WADO-RS and STOW-RS on the research store, under /dicomweb")
@interface DicomWebConfig {

    int DEFAULT_MAX_RESULTS = 1000;

    @AttributeDefinition(
            name = "Maximum results",
            description = "The most matches one QIDO-RS response returns; more are paged with offset"
                    + " (a Warning header says when more exist)",
            min = "1")
    int maxResults() default DEFAULT_MAX_RESULTS;
}
