package org.atrium.pacs.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atrium.dicom.Status;
import org.atrium.pacs.ImportItem;
import org.atrium.pacs.ImportJob;
import org.atrium.pacs.Imports;

@Command(
        scope = "atrium",
        name = "imports",
        description = "Lists imports, or shows one with its studies; can cancel or retry it.")
@Service
public class ImportsCommand implements Action {

    @Reference
    Imports imports;

    @Argument(index = 0, name = "id", description = "An import to show")
    Long id;

    @Option(name = "--cancel", description = "Cancel the import")
    boolean cancel;

    @Option(name = "--retry", description = "Queue its failed and cancelled studies again")
    boolean retry;

    @Override
    public Object execute() throws Exception {
        if (id == null) {
            ShellTable table = new ShellTable();
            for (String c :
                    new String[] {"Id", "Node", "Method", "State", "Studies", "Received", "Expected", "Created"}) {
                table.column(c);
            }
            for (ImportJob job : imports.list(50)) {
                table.addRow()
                        .addContent(
                                job.id(),
                                job.node(),
                                job.method(),
                                job.state(),
                                job.items().size(),
                                job.received(),
                                job.expected(),
                                job.created());
            }
            table.print(System.out);
            return null;
        }
        ImportJob job = (cancel ? imports.cancel(id) : retry ? imports.retry(id) : imports.get(id))
                .orElseThrow(() -> new IllegalArgumentException("no import " + id));
        System.out.printf(
                "Import %d from %s by C-%s: %s, %d of %d instances%n",
                job.id(), job.node(), job.method(), job.state(), job.received(), job.expected());
        ShellTable table = new ShellTable();
        for (String c : new String[] {"Item", "Key", "Study", "State", "Progress", "Attempts", "Status", "Message"}) {
            table.column(c);
        }
        for (ImportItem item : job.items()) {
            table.addRow()
                    .addContent(
                            item.id(),
                            item.keyType() + "=" + item.key(),
                            item.studyInstanceUid(),
                            item.state(),
                            item.received() + "/" + (item.expected() < 0 ? "?" : item.expected()),
                            item.attempts(),
                            item.status() < 0 ? "" : Status.toString(item.status()),
                            item.message());
        }
        table.print(System.out);
        return null;
    }
}
