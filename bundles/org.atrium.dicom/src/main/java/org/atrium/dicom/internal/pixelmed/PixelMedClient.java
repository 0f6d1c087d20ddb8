package org.atrium.dicom.internal.pixelmed;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.CEchoRequestCommandMessage;
import com.pixelmed.network.CFindRequestCommandMessage;
import com.pixelmed.network.CGetRequestCommandMessage;
import com.pixelmed.network.CMoveRequestCommandMessage;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.SCUSCPRoleSelection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.atrium.dicom.AeTitles;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.InformationModel;
import org.atrium.dicom.Status;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;
import org.atrium.dicom.internal.ClientTimeouts;
import org.atrium.dicom.internal.StatusWords;
import org.atrium.dicom.internal.StorageClasses;

/**
 * {@link DicomClient} on PixelMed's association layer. Each call opens its own association, so
 * calls from several threads run side by side; the only shared state is the pool of threads
 * that establish associations under a deadline.
 */
public final class PixelMedClient implements DicomClient, AutoCloseable {

    /** Uncompressed syntaxes proposed for everything, Explicit VR first. */
    static final String[] NATIVE = {UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian};

    /** Transfer syntaxes accepted for C-GET sub-operations: anything we can store as received. */
    private static final String[] RECEIVABLE = {
        UID.ExplicitVRLittleEndian,
        UID.ImplicitVRLittleEndian,
        UID.DeflatedExplicitVRLittleEndian,
        UID.ExplicitVRBigEndian,
        UID.JPEGLosslessSV1,
        UID.JPEGLossless,
        UID.JPEGBaseline8Bit,
        UID.JPEGExtended12Bit,
        UID.JPEGLSLossless,
        UID.JPEGLSNearLossless,
        UID.JPEG2000Lossless,
        UID.JPEG2000,
        UID.RLELossless
    };

    private final PixelMedFiles files = new PixelMedFiles();
    private final ClientTimeouts timeouts;
    private final ExecutorService connector;

    public PixelMedClient() {
        this(ClientTimeouts.DEFAULTS);
    }

    public PixelMedClient(ClientTimeouts timeouts) {
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.connector = Executors.newCachedThreadPool(daemonThreads());
    }

    @Override
    public void close() {
        // Associations being established finish (or time out) on their own; nothing new starts.
        connector.shutdown();
    }

    @Override
    public Duration cecho(String callingAet, DicomNode node) throws IOException, DicomException {
        long start = System.nanoTime();
        try (ScuAssociation association =
                open(callingAet, node, List.<String[]>of(syntaxes(UID.Verification, NATIVE)), null)) {
            byte context = association.contextFor(UID.Verification, null);
            ResponseCollector response = association.exchange(
                    context,
                    command(() -> new CEchoRequestCommandMessage().getBytes()),
                    (byte[]) null,
                    new ResponseCollector());
            requireSuccess("C-ECHO", node, response);
            association.release();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public StoreReport cstore(String callingAet, DicomNode node, List<Path> paths) throws IOException, DicomException {
        Objects.requireNonNull(paths, "files");
        FileResult[] results = new FileResult[paths.size()];
        List<Outgoing> outgoing = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            Path file = paths.get(i);
            try {
                outgoing.add(Outgoing.of(i, file, files.readFile(file, true)));
            } catch (IOException e) {
                results[i] = new FileResult(file, null, Status.CannotUnderstand, e.getMessage());
            }
        }
        List<String[]> contexts = storageContexts(outgoing, results);
        outgoing.removeIf(o -> results[o.index] != null);
        if (!outgoing.isEmpty()) {
            try (ScuAssociation association = open(callingAet, node, contexts, null)) {
                IOException lost = null;
                for (Outgoing o : outgoing) {
                    if (lost != null) {
                        results[o.index] = new FileResult(
                                o.file, o.sopInstance, Status.ProcessingFailure, "not sent: " + lost.getMessage());
                        continue;
                    }
                    try {
                        results[o.index] = store(association, o);
                    } catch (IOException e) {
                        lost = e;
                        results[o.index] =
                                new FileResult(o.file, o.sopInstance, Status.ProcessingFailure, e.getMessage());
                    }
                }
                if (lost == null) {
                    association.release();
                }
            }
        }
        return new StoreReport(List.of(results));
    }

    private FileResult store(ScuAssociation association, Outgoing o) throws IOException {
        String sent;
        byte context;
        if (association.accepts(o.sopClass, o.transferSyntax)) {
            sent = o.transferSyntax;
        } else if (TransferSyntax.isNotEncapsulated(o.transferSyntax)
                && association.accepts(o.sopClass, UID.ExplicitVRLittleEndian)) {
            sent = UID.ExplicitVRLittleEndian;
        } else if (TransferSyntax.isNotEncapsulated(o.transferSyntax)
                && association.accepts(o.sopClass, UID.ImplicitVRLittleEndian)) {
            sent = UID.ImplicitVRLittleEndian;
        } else {
            return new FileResult(
                    o.file,
                    o.sopInstance,
                    Status.SOPClassNotSupported,
                    association.node() + " accepted no presentation context for SOP class " + o.sopClass + " in "
                            + o.transferSyntax);
        }
        try {
            context = association.contextFor(o.sopClass, sent);
        } catch (DicomException e) {
            return new FileResult(o.file, o.sopInstance, e.status(), e.getMessage());
        }
        byte[] command;
        try {
            command = new CStoreRequestCommandMessage(o.sopClass, o.sopInstance).getBytes();
        } catch (com.pixelmed.dicom.DicomException e) {
            return new FileResult(
                    o.file, o.sopInstance, Status.ProcessingFailure, "cannot make C-STORE request: " + e.getMessage());
        }
        ResponseCollector response;
        long offset = sent.equals(o.transferSyntax) ? PixelMedFiles.dataSetOffset(o.file) : -1;
        if (offset >= 0) {
            try (InputStream in = Files.newInputStream(o.file)) {
                in.skipNBytes(offset);
                response = association.exchange(context, command, in, new ResponseCollector());
            }
        } else {
            // No usable meta header length, or another uncompressed syntax: re-encode the data set.
            Attributes dataset;
            try {
                dataset = files.read(o.file);
            } catch (IOException e) {
                return new FileResult(o.file, o.sopInstance, Status.CannotUnderstand, e.getMessage());
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            files.encode(dataset, sent, bytes);
            response = association.exchange(context, command, bytes.toByteArray(), new ResponseCollector());
        }
        int status = response.finalStatus();
        String message = status == Status.Success
                ? null
                : "C-STORE " + (Status.isFailure(status) ? "failed" : "warning") + " at " + association.node() + ": "
                        + StatusWords.meaning(status) + " [status " + Status.toString(status) + "]"
                        + (response.errorComment() == null ? "" : " (" + response.errorComment() + ")");
        return new FileResult(o.file, o.sopInstance, status, message);
    }

    @Override
    public List<Attributes> cfind(String callingAet, DicomNode node, InformationModel model, Attributes keys)
            throws IOException, DicomException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(keys, "keys");
        try (ScuAssociation association =
                open(callingAet, node, List.<String[]>of(syntaxes(model.findUid(), NATIVE)), null)) {
            byte context = association.contextFor(model.findUid(), null);
            String transferSyntax = association.transferSyntax(context);
            ResponseCollector response = association.exchange(
                    context,
                    command(() -> new CFindRequestCommandMessage(model.findUid()).getBytes()),
                    identifier(keys, transferSyntax),
                    new ResponseCollector());
            requireNotFailed("C-FIND", node, response);
            association.release();
            List<Attributes> matches = new ArrayList<>(response.identifiers().size());
            for (AttributeList identifier : response.identifiers()) {
                matches.add(new PixelMedAttributes(identifier, transferSyntax));
            }
            return matches;
        }
    }

    @Override
    public RetrieveReport cmove(
            String callingAet, DicomNode node, InformationModel model, Attributes keys, String destinationAet)
            throws IOException, DicomException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(keys, "keys");
        String destination = AeTitles.requireValid(destinationAet);
        try (ScuAssociation association =
                open(callingAet, node, List.<String[]>of(syntaxes(model.moveUid(), NATIVE)), null)) {
            byte context = association.contextFor(model.moveUid(), null);
            association.setReadTimeout(timeouts.retrieve());
            ResponseCollector response = association.exchange(
                    context,
                    command(() -> new CMoveRequestCommandMessage(model.moveUid(), destination).getBytes()),
                    identifier(keys, association.transferSyntax(context)),
                    new ResponseCollector());
            requireNotFailed("C-MOVE", node, response);
            association.release();
            return new RetrieveReport(
                    response.finalStatus(), response.completed(), response.failed(), response.warning(), List.of());
        }
    }

    @Override
    public RetrieveReport cget(
            String callingAet, DicomNode node, InformationModel model, Attributes keys, Path targetDir)
            throws IOException, DicomException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(keys, "keys");
        Files.createDirectories(Objects.requireNonNull(targetDir, "targetDir"));
        List<String[]> contexts = new ArrayList<>();
        contexts.add(syntaxes(model.getUid(), NATIVE));
        LinkedList<SCUSCPRoleSelection> roles = new LinkedList<>();
        for (String sopClass : StorageClasses.RETRIEVABLE) {
            contexts.add(syntaxes(sopClass, RECEIVABLE));
            roles.add(new SCUSCPRoleSelection(sopClass, false, true));
        }
        try (ScuAssociation association = open(callingAet, node, contexts, roles)) {
            byte context = association.contextFor(model.getUid(), null);
            association.setReadTimeout(timeouts.retrieve());
            GetResponseHandler handler = new GetResponseHandler(targetDir, node.aeTitle());
            try {
                association.exchange(
                        context,
                        command(() -> new CGetRequestCommandMessage(model.getUid()).getBytes()),
                        identifier(keys, association.transferSyntax(context)),
                        handler);
            } finally {
                handler.discardPartial();
            }
            requireNotFailed("C-GET", node, handler);
            association.release();
            return new RetrieveReport(
                    handler.finalStatus(),
                    handler.completed(),
                    handler.failed(),
                    handler.warning(),
                    List.copyOf(handler.received()));
        }
    }

    private ScuAssociation open(
            String callingAet, DicomNode node, List<String[]> contexts, LinkedList<SCUSCPRoleSelection> roles)
            throws IOException {
        String calling = AeTitles.requireValid(callingAet);
        Objects.requireNonNull(node, "node");
        return ScuAssociation.open(
                calling,
                node,
                ScuAssociation.contexts(contexts),
                roles == null ? new LinkedList<>() : roles,
                timeouts,
                connector);
    }

    /**
     * One presentation context per SOP class in each transfer syntax its files have, plus one
     * uncompressed context per SOP class to fall back on. Files that do not fit in the 128
     * contexts of an association are marked failed.
     */
    private static List<String[]> storageContexts(List<Outgoing> outgoing, FileResult[] results) {
        Map<String, Set<String>> syntaxesByClass = new LinkedHashMap<>();
        List<String[]> contexts = new ArrayList<>();
        Set<String> proposed = new LinkedHashSet<>();
        for (Outgoing o : outgoing) {
            Set<String> syntaxes = syntaxesByClass.computeIfAbsent(o.sopClass, k -> new LinkedHashSet<>());
            List<String[]> needed = new ArrayList<>();
            if (syntaxes.isEmpty()) {
                needed.add(syntaxes(o.sopClass, NATIVE));
            }
            boolean nativeSyntax = UID.ExplicitVRLittleEndian.equals(o.transferSyntax)
                    || UID.ImplicitVRLittleEndian.equals(o.transferSyntax);
            if (!nativeSyntax && !syntaxes.contains(o.transferSyntax)) {
                needed.add(new String[] {o.sopClass, o.transferSyntax});
            }
            if (contexts.size() + needed.size() > 128) {
                results[o.index] = new FileResult(
                        o.file,
                        o.sopInstance,
                        Status.OutOfResources,
                        "too many SOP classes and transfer syntaxes for one association (128 presentation contexts)");
                continue;
            }
            for (String[] context : needed) {
                if (proposed.add(String.join(" ", context))) {
                    contexts.add(context);
                }
            }
            syntaxes.add(o.transferSyntax);
        }
        return contexts;
    }

    private byte[] identifier(Attributes keys, String transferSyntax) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        files.encode(keys, transferSyntax, bytes);
        return bytes.toByteArray();
    }

    private static byte[] command(CommandBytes command) throws IOException {
        try {
            return command.make();
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException("cannot make DIMSE command: " + e.getMessage(), e);
        }
    }

    /** PixelMed's command messages share no public type; each makes its bytes. */
    @FunctionalInterface
    private interface CommandBytes {
        byte[] make() throws com.pixelmed.dicom.DicomException, IOException;
    }

    private static void requireSuccess(String operation, DicomNode node, ResponseCollector response)
            throws DicomException {
        if (response.finalStatus() != Status.Success) {
            throw new DicomException(response.finalStatus(), describe(operation, node, response));
        }
    }

    private static void requireNotFailed(String operation, DicomNode node, ResponseCollector response)
            throws DicomException {
        if (Status.isFailure(response.finalStatus())) {
            throw new DicomException(response.finalStatus(), describe(operation, node, response));
        }
    }

    private static String describe(String operation, DicomNode node, ResponseCollector response) {
        String meaning = StatusWords.meaning(response.finalStatus());
        return operation + " failed at " + node + ": " + meaning
                + (response.errorComment() == null ? "" : " (" + response.errorComment() + ")");
    }

    static String[] syntaxes(String abstractSyntax, String... transferSyntaxes) {
        String[] all = new String[transferSyntaxes.length + 1];
        all[0] = abstractSyntax;
        System.arraycopy(transferSyntaxes, 0, all, 1, transferSyntaxes.length);
        return all;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "atrium-dicom-associate-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A file to send, from its header. */
    private record Outgoing(int index, Path file, String sopClass, String sopInstance, String transferSyntax) {

        static Outgoing of(int index, Path file, PixelMedAttributes header) throws IOException {
            // The data set's own UIDs: peers check them against the C-STORE request, and meta headers can disagree.
            String sopClass = first(header, Tag.SOPClassUID, 0x00020002);
            String sopInstance = first(header, Tag.SOPInstanceUID, 0x00020003);
            String transferSyntax = header.sourceTransferSyntax();
            if (sopClass == null || sopInstance == null) {
                throw new IOException("not a composite object: " + file + " has no SOP Class UID or SOP Instance UID");
            }
            return new Outgoing(
                    index,
                    file,
                    sopClass,
                    sopInstance,
                    transferSyntax == null ? UID.ImplicitVRLittleEndian : transferSyntax);
        }

        private static String first(Attributes attributes, int tag, int fallback) {
            String value = attributes.getString(tag);
            return value != null ? value : attributes.getString(fallback);
        }
    }
}
