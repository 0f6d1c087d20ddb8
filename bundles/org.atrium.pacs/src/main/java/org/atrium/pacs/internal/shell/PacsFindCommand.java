package org.atrium.pacs.internal.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.atrium.dicom.QueryLevel;
import org.atrium.pacs.PacsQuery;

@Command(scope = "atrium", name = "pacs-find", description = "C-FIND on a remote node.")
@Service
public class PacsFindCommand implements Action {

    @Reference
    PacsQuery query;

    @Argument(index = 0, name = "node", description = "Configured node name or AE title", required = true)
    String node;

    @Option(name = "-l", aliases = "--level", description = "PATIENT, STUDY (default), SERIES or IMAGE")
    String level = "STUDY";

    @Option(
            name = "-k",
            aliases = "--key",
            description = "keyword=value, e.g. PatientName=DOE* StudyDate=20200101-20201231 ModalitiesInStudy=CT",
            multiValued = true)
    List<String> keys = new ArrayList<>();

    @Override
    public Object execute() throws Exception {
        QueryLevel queryLevel = QueryLevel.parse(level);
        if (queryLevel == null) {
            throw new IllegalArgumentException("level must be PATIENT, STUDY, SERIES or IMAGE");
        }
        List<Map<String, String>> matches = query.find(node, queryLevel, keys(keys));
        List<String> columns = new ArrayList<>();
        matches.forEach(m -> m.keySet().stream()
                .filter(k -> !k.equals("QueryRetrieveLevel") && !columns.contains(k))
                .forEach(columns::add));
        ShellTable table = new ShellTable();
        columns.forEach(table::column);
        for (Map<String, String> match : matches) {
            table.addRow()
                    .addContent(columns.stream()
                            .map(c -> (Object) match.getOrDefault(c, ""))
                            .toList());
        }
        table.print(System.out);
        System.out.println(matches.size() + " matches");
        return null;
    }

    static Map<String, String> keys(List<String> pairs) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String pair : pairs == null ? List.<String>of() : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a key is keyword=value, not '" + pair + "'");
            }
            keys.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return keys;
    }
}
