package org.atrium.workflow;

import java.util.List;
import java.util.Optional;
import org.atrium.extension.api.ToolDescriptor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Launches the installed {@link org.atrium.extension.api.Tool tools} on series of the research
 * store and follows the launches. Launches live in memory: a restart of the platform closes them
 * (their folders stay).
 */
@ProviderType
public interface ToolService {

    /** Installed tools, by id then version. */
    List<ToolDescriptor> tools();

    /**
     * Launches the newest installed version of a tool on the given series; the segmentations made
     * from them are handed to the tool too. Refused ({@link WorkflowException.Reason#CONFLICT}) with
     * the tool's own words when something it needs is missing, for example its program.
     */
    ToolLaunch launch(String toolId, List<String> seriesUids, String user) throws WorkflowException;

    /** Launches a tool on the series of a dataset (its list, or what its saved query finds now). */
    ToolLaunch launchOnDataset(String toolId, long datasetId, String user) throws WorkflowException;

    /** Open launches, newest first. */
    List<ToolLaunch> launches();

    Optional<ToolLaunch> launch(long id);

    /** Stops following a launch (the tool's own program may go on) and forgets it. */
    ToolLaunch close(long id) throws WorkflowException;
}
