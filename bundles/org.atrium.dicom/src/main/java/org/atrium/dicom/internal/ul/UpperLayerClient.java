package org.atrium.dicom.internal.ul;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.atrium.dicom.AeTitles;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomClient;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.InformationModel;
import org.atrium.dicom.Status;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;
import org.atrium.dicom.internal.ClientTimeouts;
import org.atrium.dicom.internal.StatusWords;
import org.atrium.dicom.internal.StorageClasses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DicomClient} on Atrium's own upper layer, over plain TCP or TLS 1.2/1.3 as the node says.
 * Each call opens its own association; calls from several threads run side by side. Data sets of
 * Part 10 files are streamed from the file as stored where the node accepts their transfer syntax.
 */
public final class UpperLayerClient implements DicomClient {

    private static final Logger LOG = LoggerFactory.getLogger(UpperLayerClient.class);

    private static final List<String> NATIVE = List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
    private static final int MAX_PDU_RECEIVED = 256 * 1024;
    private static final int MAX_IDENTIFIER = 16 << 20;
    private static final int MAX_CONTEXTS = 128;

    private final DicomFiles files;
    private final ClientTimeouts timeouts;

    public UpperLayerClient(DicomFiles files, ClientTimeouts timeouts) {
        this.files = Objects.requireNonNull(files, "files");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    // ---------------------------------------------------------------- C-ECHO

    @Override
    public Duration cecho(String callingAet, DicomNode node) throws IOException, DicomException {
        long start = System.nanoTime();
        try (Operation op = open(callingAet, node, List.of(proposed(1, UID.Verification, NATIVE)), List.of())) {
            PresentationContext pc = op.require(UID.Verification);
            Command rq = request(Command.C_ECHO_RQ, UID.Verification, op.association.nextMessageId(), false);
            Responses responses = op.exchange("C-ECHO", pc, rq, null, false);
            if (responses.status != Status.Success) {
                throw new DicomException(responses.status, responses.describe("C-ECHO", node));
            }
            op.release();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    // ---------------------------------------------------------------- C-STORE

    @Override
    public StoreReport cstore(String callingAet, DicomNode node, List<Path> paths) throws IOException, DicomException {
        Objects.requireNonNull(paths, "files");
        FileResult[] results = new FileResult[paths.size()];
        List<Outgoing> outgoing = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            Path file = paths.get(i);
            try {
                outgoing.add(Outgoing.of(i, file, files.readHeader(file)));
            } catch (IOException | RuntimeException e) {
                results[i] = new FileResult(file, null, Status.CannotUnderstand, e.getMessage());
            }
        }
        List<PresentationContext> contexts = storageContexts(outgoing, results);
        outgoing.removeIf(o -> results[o.index] != null);
        if (outgoing.isEmpty()) {
            return new StoreReport(List.of(results));
        }
        try (Operation op = open(callingAet, node, contexts, List.of())) {
            IOException lost = null;
            for (Outgoing o : outgoing) {
                if (lost != null) {
                    results[o.index] = new FileResult(
                            o.file,
                            o.header.sopInstanceUid(),
                            Status.ProcessingFailure,
                            "not sent: " + lost.getMessage());
                    continue;
                }
                try {
                    results[o.index] = store(op, o);
                } catch (IOException e) {
                    lost = op.lost(e);
                    results[o.index] = new FileResult(
                            o.file, o.header.sopInstanceUid(), Status.ProcessingFailure, lost.getMessage());
                }
            }
            if (lost == null) {
                op.release();
            }
        }
        return new StoreReport(List.of(results));
    }

    private FileResult store(Operation op, Outgoing o) throws IOException {
        StoreSender.Outgoing data;
        try {
            data = StoreSender.prepare(op.association.contexts(), o.header, o.file, files);
        } catch (IOException | RuntimeException e) {
            return new FileResult(o.file, o.header.sopInstanceUid(), Status.CannotUnderstand, e.getMessage());
        }
        if (data == null) {
            return new FileResult(
                    o.file,
                    o.header.sopInstanceUid(),
                    Status.SOPClassNotSupported,
                    op.association.node() + " accepted no presentation context for SOP class " + o.header.sopClassUid()
                            + " in " + o.header.transferSyntaxUid());
        }
        Command rsp;
        try (data) {
            rsp = op.association.storeResponse(o.header, data, null, 0);
        }
        int status = rsp.getInt(Command.STATUS, Status.ProcessingFailure);
        String comment = rsp.getString(Command.ERROR_COMMENT);
        String message = status == Status.Success
                ? null
                : "C-STORE " + (Status.isFailure(status) ? "failed" : "warning") + " at " + op.association.node()
                        + ": " + StatusWords.meaning(status) + " [status " + Status.toString(status) + "]"
                        + (comment == null || comment.isBlank() ? "" : " (" + comment.trim() + ")");
        return new FileResult(o.file, o.header.sopInstanceUid(), status, message);
    }

    /**
     * One context per SOP class in each transfer syntax its files have, plus one uncompressed context
     * per SOP class to fall back on. Files that do not fit in the 128 contexts of an association fail.
     */
    private static List<PresentationContext> storageContexts(List<Outgoing> outgoing, FileResult[] results) {
        Map<String, Set<String>> syntaxesByClass = new LinkedHashMap<>();
        List<PresentationContext> contexts = new ArrayList<>();
        Set<String> proposed = new LinkedHashSet<>();
        for (Outgoing o : outgoing) {
            String sopClass = o.header.sopClassUid();
            String transferSyntax = o.header.transferSyntaxUid();
            Set<String> syntaxes = syntaxesByClass.computeIfAbsent(sopClass, k -> new LinkedHashSet<>());
            List<List<String>> needed = new ArrayList<>();
            if (syntaxes.isEmpty()) {
                needed.add(NATIVE);
            }
            if (!NATIVE.contains(transferSyntax) && !syntaxes.contains(transferSyntax)) {
                needed.add(List.of(transferSyntax));
            }
            if (contexts.size() + needed.size() > MAX_CONTEXTS) {
                results[o.index] = new FileResult(
                        o.file,
                        o.header.sopInstanceUid(),
                        Status.OutOfResources,
                        "too many SOP classes and transfer syntaxes for one association (128 presentation contexts)");
                continue;
            }
            for (List<String> transferSyntaxes : needed) {
                if (proposed.add(sopClass + " " + transferSyntaxes)) {
                    contexts.add(proposed(2 * contexts.size() + 1, sopClass, transferSyntaxes));
                }
            }
            syntaxes.add(transferSyntax);
        }
        return contexts;
    }

    /** A file to send: the data set's own UIDs (peers check them against the request; meta headers can disagree). */
    private record Outgoing(int index, Path file, Part10.Header header) {

        static Outgoing of(int index, Path file, Attributes header) throws IOException {
            String sopClass = first(header, Tag.SOPClassUID, 0x00020002);
            String sopInstance = first(header, Tag.SOPInstanceUID, 0x00020003);
            if (sopClass == null || sopInstance == null) {
                throw new IOException("not a composite object: " + file + " has no SOP Class UID or SOP Instance UID");
            }
            Part10.Header meta;
            try {
                meta = Part10.readHeader(file);
            } catch (IOException noMetaInformation) {
                // A bare data set: sent re-encoded, never as read.
                String transferSyntax = header.getString(0x00020010);
                return new Outgoing(
                        index,
                        file,
                        new Part10.Header(
                                sopClass,
                                sopInstance,
                                transferSyntax == null ? UID.ImplicitVRLittleEndian : transferSyntax,
                                -1,
                                -1));
            }
            return new Outgoing(
                    index,
                    file,
                    new Part10.Header(
                            sopClass,
                            sopInstance,
                            meta.transferSyntaxUid(),
                            meta.dataSetOffset(),
                            meta.dataSetLength()));
        }

        private static String first(Attributes attributes, int tag, int fallback) {
            String value = attributes.getString(tag);
            return value != null ? value : attributes.getString(fallback);
        }
    }

    // ---------------------------------------------------------------- C-FIND

    @Override
    public List<Attributes> cfind(String callingAet, DicomNode node, InformationModel model, Attributes keys)
            throws IOException, DicomException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(keys, "keys");
        try (Operation op = open(callingAet, node, List.of(proposed(1, model.findUid(), NATIVE)), List.of())) {
            PresentationContext pc = op.require(model.findUid());
            Command rq = request(Command.C_FIND_RQ, model.findUid(), op.association.nextMessageId(), true);
            Responses responses = op.exchange("C-FIND", pc, rq, identifier(keys, pc.transferSyntax()), true);
            if (Status.isFailure(responses.status)) {
                throw new DicomException(responses.status, responses.describe("C-FIND", node));
            }
            op.release();
            List<Attributes> matches = new ArrayList<>(responses.identifiers.size());
            for (byte[] identifier : responses.identifiers) {
                matches.add(files.decode(new ByteArrayInputStream(identifier), pc.transferSyntax()));
            }
            return matches;
        }
    }

    // ---------------------------------------------------------------- C-MOVE

    @Override
    public RetrieveReport cmove(
            String callingAet, DicomNode node, InformationModel model, Attributes keys, String destinationAet)
            throws IOException, DicomException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(keys, "keys");
        String destination = AeTitles.requireValid(destinationAet);
        try (Operation op = open(callingAet, node, List.of(proposed(1, model.moveUid(), NATIVE)), List.of())) {
            PresentationContext pc = op.require(model.moveUid());
            op.association.setReadTimeout(timeouts.retrieve());
            Command rq = request(Command.C_MOVE_RQ, model.moveUid(), op.association.nextMessageId(), true)
                    .set(Command.MOVE_DESTINATION, destination);
            Responses responses = op.exchange("C-MOVE", pc, rq, identifier(keys, pc.transferSyntax()), false);
            if (Status.isFailure(responses.status)) {
                throw new DicomException(responses.status, responses.describe("C-MOVE", node));
            }
            op.release();
            return new RetrieveReport(
                    responses.status, responses.completed, responses.failed, responses.warning, List.of());
        }
    }

    // ---------------------------------------------------------------- C-GET

    @Override
    public RetrieveReport cget(
            String callingAet, DicomNode node, InformationModel model, Attributes keys, Path targetDir)
            throws IOException, DicomException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(keys, "keys");
        Files.createDirectories(Objects.requireNonNull(targetDir, "targetDir"));
        List<PresentationContext> contexts = new ArrayList<>();
        List<RoleSelection> roles = new ArrayList<>();
        contexts.add(proposed(1, model.getUid(), NATIVE));
        for (String sopClass : StorageClasses.RETRIEVABLE) {
            contexts.add(proposed(2 * contexts.size() + 1, sopClass, UID.ACCEPTED_TRANSFER_SYNTAXES));
            roles.add(new RoleSelection(sopClass, false, true));
        }
        try (Operation op = open(callingAet, node, contexts, roles)) {
            PresentationContext pc = op.require(model.getUid());
            op.association.setReadTimeout(timeouts.retrieve());
            Command rq = request(Command.C_GET_RQ, model.getUid(), op.association.nextMessageId(), true);
            List<Path> received = new ArrayList<>();
            op.receiveInto = new Receiver(targetDir, node.aeTitle(), received);
            Responses responses = op.exchange("C-GET", pc, rq, identifier(keys, pc.transferSyntax()), false);
            if (Status.isFailure(responses.status)) {
                throw new DicomException(responses.status, responses.describe("C-GET", node));
            }
            op.release();
            return new RetrieveReport(
                    responses.status, responses.completed, responses.failed, responses.warning, List.copyOf(received));
        }
    }

    /** Writes the C-STORE sub-operations of a C-GET as Part 10 files, data set streamed as it arrives. */
    private record Receiver(Path targetDir, String sourceAet, List<Path> received) {

        /** Reads the data set that follows {@code rq} and returns the status to answer with. */
        int receive(PduChannel channel, PresentationContext pc, Command rq) throws IOException {
            String sopClass = rq.getString(Command.AFFECTED_SOP_CLASS_UID);
            String sopInstance = rq.getString(Command.AFFECTED_SOP_INSTANCE_UID);
            if (!rq.hasDataSet() || sopClass == null || sopInstance == null) {
                if (rq.hasDataSet()) {
                    channel.readDataSet(pc.id(), null);
                }
                return Status.CannotUnderstand;
            }
            Path partial = null;
            IOException error = null;
            OutputStream out = null;
            try {
                partial = Files.createTempFile(targetDir, ".cget-", ".part");
                out = new BufferedOutputStream(Files.newOutputStream(partial), PduChannel.BUFFER_SIZE);
                out.write(Part10.fileMetaInformation(sopClass, sopInstance, pc.transferSyntax(), sourceAet));
            } catch (IOException e) {
                error = e;
            }
            IOException sinkError = channel.readDataSet(pc.id(), error == null ? out : null);
            error = error != null ? error : sinkError;
            try {
                if (out != null) {
                    out.close();
                }
                if (error == null) {
                    Path target = targetDir.resolve(fileName(sopInstance));
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                    received.add(target);
                    return Status.Success;
                }
            } catch (IOException e) {
                error = e;
            }
            LOG.warn("cannot store {} received by C-GET in {}: {}", sopInstance, targetDir, error.toString());
            if (partial != null) {
                Files.deleteIfExists(partial);
            }
            return Status.OutOfResources;
        }

        /** SOP Instance UIDs are digits and dots; anything else must not reach the file system. */
        static String fileName(String sopInstance) {
            String safe = sopInstance.replaceAll("[^0-9A-Za-z.]", "_");
            if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
                safe = "unnamed-" + System.nanoTime();
            }
            return safe + ".dcm";
        }
    }

    // ---------------------------------------------------------------- common

    private Operation open(
            String callingAet, DicomNode node, List<PresentationContext> contexts, List<RoleSelection> roles)
            throws IOException {
        String calling = AeTitles.requireValid(callingAet);
        Objects.requireNonNull(node, "node");
        try {
            return new Operation(ScuAssociation.open(
                    node, calling, contexts, roles, MAX_PDU_RECEIVED, timeouts.connect(), timeouts.response()));
        } catch (AbortedException e) {
            throw new IOException("association aborted by " + node + " (" + e.getMessage() + ")", e);
        }
    }

    private static PresentationContext proposed(int id, String abstractSyntax, List<String> transferSyntaxes) {
        return PresentationContext.proposed(id, abstractSyntax, transferSyntaxes);
    }

    private static Command request(int commandField, String sopClass, int messageId, boolean dataSet) {
        return new Command()
                .set(Command.AFFECTED_SOP_CLASS_UID, sopClass)
                .set(Command.COMMAND_FIELD, commandField)
                .set(Command.MESSAGE_ID, messageId)
                .set(Command.PRIORITY, 0)
                .set(Command.COMMAND_DATA_SET_TYPE, dataSet ? Command.DATA_SET_PRESENT : Command.NO_DATA_SET);
    }

    private byte[] identifier(Attributes keys, String transferSyntax) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        files.encode(keys, transferSyntax, bytes);
        return bytes.toByteArray();
    }

    /** The responses to one request: the last status and counts, and the identifiers of pending C-FIND responses. */
    private static final class Responses {
        int status = -1;
        String errorComment;
        int completed;
        int failed;
        int warning;
        final List<byte[]> identifiers = new ArrayList<>();

        void note(Command rsp) {
            status = rsp.getInt(Command.STATUS, Status.ProcessingFailure);
            completed = rsp.getInt(Command.COMPLETED_SUB_OPERATIONS, completed);
            failed = rsp.getInt(Command.FAILED_SUB_OPERATIONS, failed);
            warning = rsp.getInt(Command.WARNING_SUB_OPERATIONS, warning);
            String comment = rsp.getString(Command.ERROR_COMMENT);
            if (comment != null && !comment.isBlank()) {
                errorComment = comment.trim();
            }
        }

        String describe(String operation, DicomNode node) {
            return operation + " failed at " + node + ": " + StatusWords.meaning(status)
                    + (errorComment == null ? "" : " (" + errorComment + ")");
        }
    }

    /** One association for one operation: released when it went well, aborted otherwise. */
    private static final class Operation implements AutoCloseable {
        final ScuAssociation association;
        Receiver receiveInto;
        private boolean released;

        Operation(ScuAssociation association) {
            this.association = association;
        }

        PresentationContext require(String abstractSyntax) throws DicomException {
            PresentationContext pc = association.accepted(abstractSyntax);
            if (pc == null) {
                throw new DicomException(
                        Status.SOPClassNotSupported,
                        association.node() + " accepted no presentation context for " + abstractSyntax);
            }
            return pc;
        }

        /**
         * Sends a request and reads its responses up to the final one. C-STORE requests that arrive
         * meanwhile (C-GET) go to {@link #receiveInto}.
         */
        Responses exchange(
                String operation, PresentationContext pc, Command rq, byte[] dataSet, boolean keepIdentifiers)
                throws IOException {
            int messageId = rq.getInt(Command.MESSAGE_ID, -1);
            int responseField = rq.commandField() | 0x8000;
            Responses responses = new Responses();
            PduChannel channel = association.channel();
            try {
                channel.writeMessage(pc.id(), rq, dataSet);
                while (true) {
                    PduChannel.Message message = channel.readMessage();
                    if (message == null) {
                        throw new ProtocolException(
                                Pdu.ABORT_UNEXPECTED_PDU, "A-RELEASE-RQ while a " + operation + " was outstanding");
                    }
                    Command command = message.command();
                    if (command.commandField() == Command.C_STORE_RQ && receiveInto != null) {
                        answerStore(message);
                        continue;
                    }
                    if (command.commandField() != responseField
                            || command.getInt(Command.MESSAGE_ID_BEING_RESPONDED_TO, -1) != messageId) {
                        throw new ProtocolException(
                                Pdu.ABORT_UNEXPECTED_PDU_PARAMETER,
                                "expected " + operation + " response, got " + command);
                    }
                    responses.note(command);
                    boolean pending = Status.isPending(responses.status);
                    if (command.hasDataSet()) {
                        if (pending && keepIdentifiers) {
                            responses.identifiers.add(channel.readDataSetBytes(message.contextId(), MAX_IDENTIFIER));
                        } else {
                            // A Failed SOP Instance UID List: counted, not kept.
                            channel.readDataSet(message.contextId(), null);
                        }
                    }
                    if (!pending) {
                        return responses;
                    }
                }
            } catch (IOException e) {
                throw lost(e);
            }
        }

        private void answerStore(PduChannel.Message message) throws IOException {
            Command rq = message.command();
            PresentationContext context = association.context(message.contextId());
            if (context == null || !context.requestorScp()) {
                throw new ProtocolException(
                        Pdu.ABORT_UNEXPECTED_PDU_PARAMETER,
                        "C-STORE-RQ on presentation context " + message.contextId() + ", where we are not SCP");
            }
            int status = receiveInto.receive(association.channel(), context, rq);
            Command rsp = Command.response(rq, Command.C_STORE_RSP, status, false);
            String sopInstance = rq.getString(Command.AFFECTED_SOP_INSTANCE_UID);
            if (sopInstance != null) {
                rsp.set(Command.AFFECTED_SOP_INSTANCE_UID, sopInstance);
            }
            association.channel().writeMessage(context.id(), rsp, null);
        }

        /** A failure once associated, in words that name the node; aborts the association. */
        IOException lost(IOException e) {
            association.abort();
            DicomNode node = association.node();
            if (e.getMessage() != null && e.getMessage().contains(node.toString())) {
                return e;
            }
            if (e instanceof AbortedException) {
                return new IOException("association aborted by " + node + " (" + e.getMessage() + ")", e);
            }
            if (e instanceof SocketTimeoutException) {
                SocketTimeoutException timeout =
                        new SocketTimeoutException("lost the association with " + node + ": it did not answer in time");
                timeout.initCause(e);
                return timeout;
            }
            return new IOException("lost the association with " + node + ": " + e.getMessage(), e);
        }

        void release() {
            released = true;
            try {
                association.release();
            } catch (IOException e) {
                LOG.debug("release of the association with {} failed; aborting", association.node(), e);
                association.abort();
            }
        }

        @Override
        public void close() {
            if (!released) {
                association.abort();
            }
        }
    }
}
