package org.atrium.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.store.ResearchStore;
import org.atrium.store.VerifyReport;

@Command(
        scope = "atrium",
        name = "store-verify",
        description = "Checks the store's files and index against each other.")
@Service
public class StoreVerifyCommand implements Action {

    @Reference
    ResearchStore store;

    @Override
    public Object execute() throws Exception {
        VerifyReport report = store.verify();
        System.out.printf("Checked %d files and %d index rows%n", report.filesChecked(), report.rowsChecked());
        report.filesWithoutRows().forEach(p -> System.out.println("File without index row: " + p));
        report.rowsWithoutFiles().forEach(u -> System.out.println("Index row without file: " + u));
        report.sizeMismatches().forEach(u -> System.out.println("Size differs from index: " + u));
        System.out.println(report.clean() ? "Store is consistent" : "Store has problems");
        return null;
    }
}
