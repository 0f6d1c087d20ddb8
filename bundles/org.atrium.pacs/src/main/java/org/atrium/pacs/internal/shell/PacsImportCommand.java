package org.atrium.pacs.internal.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.dicom.QueryLevel;
import org.atrium.pacs.ImportJob;
import org.atrium.pacs.ImportMethod;
import org.atrium.pacs.ImportRequest;
import org.atrium.pacs.Imports;
import org.atrium.pacs.PacsQuery;
import org.atrium.pacs.internal.CsvIds;

@Command(
        scope = "atrium",
        name = "pacs-import",
        description = "Imports studies from a remote node into the research store (tracked: atrium:imports).")
@Service
public class PacsImportCommand implements Action {

    @Reference
    Imports imports;

    @Reference
    PacsQuery query;

    @Argument(index = 0, name = "node", description = "Configured node name or AE title", required = true)
    String node;

    @Option(name = "--study", description = "Study Instance UIDs", multiValued = true)
    List<String> studies = new ArrayList<>();

    @Option(name = "--accession", description = "Accession Numbers", multiValued = true)
    List<String> accessions = new ArrayList<>();

    @Option(name = "--csv", description = "CSV file with StudyInstanceUID and/or AccessionNumber columns")
    String csv;

    @Option(
            name = "-k",
            aliases = "--key",
            description = "import every study of a C-FIND with these keys (keyword=value)",
            multiValued = true)
    List<String> keys = new ArrayList<>();

    @Option(name = "-m", aliases = "--method", description = "MOVE (default) or GET")
    String method = "MOVE";

    @Override
    public Object execute() throws Exception {
        List<String> uids = new ArrayList<>(studies);
        List<String> numbers = new ArrayList<>(accessions);
        if (csv != null) {
            CsvIds.Ids ids = CsvIds.parse(Files.readString(Path.of(csv)));
            uids.addAll(ids.studyInstanceUids());
            numbers.addAll(ids.accessionNumbers());
        }
        if (!keys.isEmpty()) {
            for (Map<String, String> match : query.find(node, QueryLevel.STUDY, PacsFindCommand.keys(keys))) {
                String uid = match.get("StudyInstanceUID");
                if (uid != null) {
                    uids.add(uid);
                }
            }
        }
        ImportJob job = imports.create(new ImportRequest(
                node, ImportMethod.valueOf(method.toUpperCase(Locale.ROOT)), uids, numbers, "console"));
        System.out.printf(
                "Import %d: %d items queued from %s by C-%s%n",
                job.id(), job.items().size(), node, method);
        return null;
    }
}
