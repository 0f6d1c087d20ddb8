package org.atrium.workflow.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Atrium workflows",
        description = "Resources the workflow scheduler hands out, timeouts and result forwarding")
public @interface WorkflowConfig {

    String PID = "org.atrium.workflow";
    int DEFAULT_TIMEOUT_MINUTES = 90;

    @AttributeDefinition(description = "CPU slots jobs share; 0 = the number of processors")
    int cpuSlots() default 0;

    @AttributeDefinition(description = "Memory budget of running jobs in MB; 0 = three quarters of the maximum heap")
    long memoryMb() default 0;

    @AttributeDefinition(description = "GPUs; a job that needs one waits while none is free (0: GPU jobs never start)")
    int gpus() default 0;

    @AttributeDefinition(description = "How long one job may run unless its workflow says otherwise, in minutes")
    int defaultTimeoutMinutes() default DEFAULT_TIMEOUT_MINUTES;

    @AttributeDefinition(
            description = "Remote node (org.atrium.dicom.node name or AE title) that receives every stored result;"
                    + " empty: none")
    String forwardTo() default "";

    @AttributeDefinition(description = "Folder of the jobs' scratch folders; empty: ${atrium.data}/workflow")
    String workDirectory() default "";
}
