package org.atrium.samples.mitk;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Atrium MITK Workbench launcher",
        description = "Where MITK Workbench is installed on this machine")
@interface MitkConfig {

    String NOT_CONFIGURED = "";

    @AttributeDefinition(
            name = "Executable",
            description = "Absolute path of the MitkWorkbench program (its launcher script on Linux);"
                    + " empty when MITK is not installed")
    String executable() default NOT_CONFIGURED;
}
