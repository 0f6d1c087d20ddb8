package org.atrium.workflow.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.extension.api.ToolDescriptor;
import org.atrium.workflow.WorkflowService;

@Command(scope = "atrium", name = "algorithms", description = "Lists the installed algorithms and tools.")
@Service
public class AlgorithmsCommand implements Action {

    @Reference
    WorkflowService workflows;

    @Override
    public Object execute() throws Exception {
        ShellTable table = new ShellTable();
        table.column("Kind");
        table.column("Id");
        table.column("Version");
        table.column("Vendor");
        table.column("Scope / inputs");
        table.column("Name");
        for (AlgorithmDescriptor d : workflows.algorithms()) {
            table.addRow()
                    .addContent(
                            "algorithm",
                            d.id(),
                            d.version(),
                            d.vendor(),
                            d.scope() + " "
                                    + (d.inputs().modalities().isEmpty()
                                            ? "any"
                                            : d.inputs().modalities()),
                            d.name());
        }
        for (ToolDescriptor d : workflows.tools()) {
            table.addRow()
                    .addContent(
                            "tool",
                            d.id(),
                            d.version(),
                            d.vendor(),
                            d.inputs().modalities().isEmpty()
                                    ? "any"
                                    : d.inputs().modalities(),
                            d.name());
        }
        table.print(System.out);
        return null;
    }
}
