package org.atrium.shell.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.Status;
import org.atrium.dicom.net.DicomNodes;

@Command(
        scope = "atrium",
        name = "send",
        description = "Sends DICOM files (folders are searched recursively) to a node by C-STORE.")
@Service
public class SendCommand implements Action {

    @Reference
    DicomClient client;

    @Reference
    DicomNodes nodes;

    @Argument(
            index = 0,
            name = "paths",
            description = "Files and folders, then the node as last argument",
            required = true,
            multiValued = true)
    List<String> arguments;

    @Override
    public Object execute() throws Exception {
        if (arguments.size() < 2) {
            throw new IllegalArgumentException("usage: atrium:send <file|dir>... <node>");
        }
        DicomNode target = NodeArgument.resolve(nodes, arguments.get(arguments.size() - 1));
        List<Path> files = new ArrayList<>();
        for (String argument : arguments.subList(0, arguments.size() - 1)) {
            Path path = Paths.get(argument);
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such file or folder: " + path);
            }
        }
        long start = System.nanoTime();
        DicomClient.StoreReport report = client.cstore(nodes.localAeTitle(), target, files);
        double seconds = (System.nanoTime() - start) / 1e9;
        for (DicomClient.FileResult result : report.results()) {
            if (Status.isFailure(result.status())) {
                System.out.printf(
                        "FAILED %s: %s %s%n", result.file(), Status.toString(result.status()), result.message());
            }
        }
        System.out.printf(
                "Sent %d of %d files to %s in %.1f s (%d failed)%n",
                files.size() - report.failed(), files.size(), target, seconds, report.failed());
        return null;
    }
}
