package org.atrium.pacs.internal.shell;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atrium.dicom.Status;
import org.atrium.pacs.ForwardItem;
import org.atrium.pacs.Forwarding;

@Command(
        scope = "atrium",
        name = "forwards",
        description = "Shows the forwarding queue and what failed; --retry queues the failed entries again.")
@Service
public class ForwardsCommand implements Action {

    @Reference
    Forwarding forwarding;

    @Option(name = "--retry", description = "Queue every failed entry again")
    boolean retry;

    @Override
    public Object execute() throws Exception {
        if (retry) {
            System.out.println(forwarding.retry(List.of()) + " entries queued again");
        }
        List<ForwardItem> queued = forwarding.queue(1000);
        List<ForwardItem> failed = forwarding.failed(1000);
        System.out.printf("%d queued, %d failed%n", queued.size(), failed.size());
        ShellTable table = new ShellTable();
        for (String c :
                new String[] {"Id", "Node", "SOP Instance UID", "State", "Attempts", "Status", "Next", "Message"}) {
            table.column(c);
        }
        for (List<ForwardItem> list : List.of(failed, queued)) {
            for (ForwardItem item : list.subList(0, Math.min(list.size(), 100))) {
                table.addRow()
                        .addContent(
                                item.id(),
                                item.node(),
                                item.sopInstanceUid(),
                                item.state(),
                                item.attempts(),
                                item.status() < 0 ? "" : Status.toString(item.status()),
                                item.state() == ForwardItem.State.QUEUED ? item.nextAttempt() : "",
                                item.message());
            }
        }
        table.print(System.out);
        return null;
    }
}
