package org.atrium.dicom.internal.ul;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.atrium.dicom.AssociationInfo;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.InformationModel;
import org.atrium.dicom.ListenerConfig;
import org.atrium.dicom.Status;
import org.atrium.dicom.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One association accepted by a listener, served by one thread from A-ASSOCIATE-RQ to release or
 * abort. Nothing that goes wrong here reaches the listener or other associations.
 */
final class ScpAssociation implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ScpAssociation.class);

    private static final List<String> NATIVE_LITTLE_ENDIAN =
            List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian);
    /** Storage SOP classes outside {@link UID#StorageRoot}: hanging protocol, color palette, implant templates. */
    private static final Set<String> OTHER_STORAGE_CLASSES = Set.of(
            "1.2.840.10008.5.1.4.38.1",
            "1.2.840.10008.5.1.4.39.1",
            "1.2.840.10008.5.1.4.43.1",
            "1.2.840.10008.5.1.4.44.1",
            "1.2.840.10008.5.1.4.45.1");

    private static final int MAX_IDENTIFIER = 4 << 20;
    private static final int MAX_ERROR_COMMENT = 64;
    private static final int FAILED_SOP_INSTANCE_UID_LIST = 0x00080058;

    private final UpperLayerListener listener;
    private final ListenerConfig config;
    private final Socket socket;
    private final Map<Integer, PresentationContext> contexts = new LinkedHashMap<>();
    private PduChannel channel;
    private AssociationInfo info;
    private String name;
    private boolean established;
    private volatile boolean closing;
    private boolean cancelRequested;
    private int nextMessageId = 1;

    ScpAssociation(UpperLayerListener listener, Socket socket) {
        this.listener = listener;
        this.config = listener.config();
        this.socket = socket;
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.name = remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int)
                    Math.min(Integer.MAX_VALUE, Math.max(1, config.idleTimeout().toMillis())));
            channel = new PduChannel(socket, config.maxPduLength());
            if (closing) {
                return;
            }
            if (negotiate()) {
                serve();
            }
        } catch (SocketTimeoutException e) {
            LOG.warn("Aborting association {}: no PDU for {}", name, config.idleTimeout());
            abort(Pdu.ABORT_SOURCE_PROVIDER, Pdu.ABORT_REASON_NOT_SPECIFIED);
        } catch (ProtocolException e) {
            LOG.warn("Aborting association {}: {}", name, e.getMessage());
            abort(Pdu.ABORT_SOURCE_PROVIDER, e.reason());
        } catch (AbortedException e) {
            LOG.info("Association {}: {}", name, e.getMessage());
        } catch (EOFException e) {
            if (!closing) {
                LOG.info("Association {}: connection closed without release ({})", name, e.getMessage());
            }
        } catch (IOException e) {
            if (!closing) {
                LOG.warn("Association {} failed: {}", name, e.toString());
            }
            abort(Pdu.ABORT_SOURCE_PROVIDER, Pdu.ABORT_REASON_NOT_SPECIFIED);
        } catch (RuntimeException e) {
            LOG.error("Association {} failed", name, e);
            abort(Pdu.ABORT_SOURCE_PROVIDER, Pdu.ABORT_REASON_NOT_SPECIFIED);
        } finally {
            if (channel != null) {
                channel.close();
            } else {
                closeSocket();
            }
            listener.ended(this, established);
        }
    }

    /** Aborts from another thread (the listener is closing). */
    void abortFromListener() {
        closing = true;
        if (channel != null) {
            channel.abort(Pdu.ABORT_SOURCE_PROVIDER, Pdu.ABORT_REASON_NOT_SPECIFIED);
        } else {
            closeSocket();
        }
    }

    private void abort(int source, int reason) {
        if (channel != null) {
            channel.abort(source, reason);
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    // ---------------------------------------------------------------- association establishment

    private boolean negotiate() throws IOException {
        int type = channel.readPduHeader();
        if (type != Pdu.ASSOCIATE_RQ) {
            throw new ProtocolException(Pdu.ABORT_UNEXPECTED_PDU, "expected A-ASSOCIATE-RQ, got " + Pdu.typeName(type));
        }
        AssociateRq rq = AssociateRq.parse(channel.readPduBody());
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        info = new AssociationInfo(
                rq.callingAet, rq.calledAet, remote.getAddress().getHostAddress(), remote.getPort());
        name = rq.callingAet + "@" + name + " -> " + rq.calledAet;
        if ((rq.protocolVersion & 1) == 0) {
            return reject(
                    Pdu.RJ_PERMANENT,
                    Pdu.RJ_SOURCE_PROVIDER_ACSE,
                    Pdu.RJ_ACSE_PROTOCOL_VERSION_NOT_SUPPORTED,
                    "protocol version " + rq.protocolVersion);
        }
        if (!Pdu.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext)) {
            return reject(
                    Pdu.RJ_PERMANENT,
                    Pdu.RJ_SOURCE_USER,
                    Pdu.RJ_USER_APPLICATION_CONTEXT_NOT_SUPPORTED,
                    rq.applicationContext);
        }
        if (!config.answersTo(rq.calledAet)) {
            return reject(
                    Pdu.RJ_PERMANENT,
                    Pdu.RJ_SOURCE_USER,
                    Pdu.RJ_USER_CALLED_AE_NOT_RECOGNIZED,
                    "this listener is " + config.aeTitle());
        }
        if (!config.allowedCallingAets().isEmpty()
                && !config.allowedCallingAets().contains(rq.callingAet)) {
            return reject(
                    Pdu.RJ_PERMANENT,
                    Pdu.RJ_SOURCE_USER,
                    Pdu.RJ_USER_CALLING_AE_NOT_RECOGNIZED,
                    "not in the allowed calling AE titles");
        }
        if (!listener.hostAllowed(remote.getAddress())) {
            return reject(
                    Pdu.RJ_PERMANENT,
                    Pdu.RJ_SOURCE_USER,
                    Pdu.RJ_USER_NO_REASON,
                    "host " + info.remoteHost() + " not in the allowed hosts");
        }
        if (!listener.tryEstablish()) {
            return reject(
                    Pdu.RJ_TRANSIENT,
                    Pdu.RJ_SOURCE_PROVIDER_PRESENTATION,
                    Pdu.RJ_PRESENTATION_LOCAL_LIMIT_EXCEEDED,
                    config.maxAssociations() + " associations open");
        }
        established = true;
        AssociateAc ac = new AssociateAc();
        ac.calledAet = rq.calledAet;
        ac.callingAet = rq.callingAet;
        ac.maxPduLength = config.maxPduLength();
        ac.implementationClassUid = Part10.IMPLEMENTATION_CLASS_UID;
        ac.implementationVersionName = Part10.IMPLEMENTATION_VERSION_NAME;
        int acceptedCount = 0;
        for (PresentationContext proposed : rq.contexts) {
            PresentationContext answer = negotiate(proposed, rq.roles.get(proposed.abstractSyntax()));
            contexts.put(answer.id(), answer);
            ac.contexts.add(answer);
            if (answer.accepted()) {
                acceptedCount++;
            }
        }
        for (RoleSelection proposedRole : rq.roles.values()) {
            boolean storage = isStorage(proposedRole.sopClassUid());
            boolean scu = proposedRole.scu() && (!storage || listener.storage() != null);
            boolean scp = proposedRole.scp() && storage && listener.retrieve() != null;
            ac.roles.put(proposedRole.sopClassUid(), new RoleSelection(proposedRole.sopClassUid(), scu, scp));
        }
        channel.setMaxSend(rq.maxPduLength);
        channel.writePdu(Pdu.ASSOCIATE_AC, ac.encode());
        LOG.info(
                "Accepted association {} ({} of {} presentation contexts, peer {} {})",
                name,
                acceptedCount,
                rq.contexts.size(),
                rq.implementationClassUid,
                rq.implementationVersionName == null ? "" : rq.implementationVersionName);
        return true;
    }

    private boolean reject(int result, int source, int reason, String detail) throws IOException {
        LOG.warn("Rejected association {}: {} ({})", name, Pdu.rejectReason(source, reason), detail);
        channel.writePdu(Pdu.ASSOCIATE_RJ, new byte[] {0, (byte) result, (byte) source, (byte) reason});
        return false;
    }

    private PresentationContext negotiate(PresentationContext proposed, RoleSelection role) {
        String abstractSyntax = proposed.abstractSyntax();
        List<String> acceptable;
        boolean requestorScp = false;
        if (UID.Verification.equals(abstractSyntax)) {
            acceptable = NATIVE_LITTLE_ENDIAN;
        } else if (isStorage(abstractSyntax)) {
            requestorScp = role != null && role.scp() && listener.retrieve() != null;
            acceptable = listener.storage() != null || requestorScp ? UID.ACCEPTED_TRANSFER_SYNTAXES : null;
        } else {
            InformationModel model = InformationModel.ofSopClass(abstractSyntax);
            boolean find = model != null && model.findUid().equals(abstractSyntax);
            boolean supported = model != null && (find ? listener.query() != null : listener.retrieve() != null);
            acceptable = supported ? NATIVE_LITTLE_ENDIAN : null;
        }
        if (acceptable == null) {
            return proposed.answer(Pdu.PC_ABSTRACT_SYNTAX_NOT_SUPPORTED, null, false);
        }
        // The requestor lists transfer syntaxes in its order of preference; storing as received means taking
        // its first choice that we accept.
        for (String ts : proposed.transferSyntaxes()) {
            if (acceptable.contains(ts)) {
                return proposed.answer(Pdu.PC_ACCEPTANCE, ts, requestorScp);
            }
        }
        return proposed.answer(Pdu.PC_TRANSFER_SYNTAXES_NOT_SUPPORTED, null, false);
    }

    static boolean isStorage(String sopClassUid) {
        return sopClassUid.startsWith(UID.StorageRoot) || OTHER_STORAGE_CLASSES.contains(sopClassUid);
    }

    // ---------------------------------------------------------------- DIMSE

    private void serve() throws IOException {
        while (true) {
            PduChannel.Message message = channel.readMessage();
            if (message == null) {
                channel.writePdu(Pdu.RELEASE_RP, new byte[4]);
                LOG.debug("Association {} released", name);
                return;
            }
            PresentationContext pc = contexts.get(message.contextId());
            if (pc == null || !pc.accepted()) {
                throw new ProtocolException(
                        Pdu.ABORT_UNEXPECTED_PDU_PARAMETER,
                        "message on presentation context " + message.contextId() + ", which was not accepted");
            }
            Command rq = message.command();
            switch (rq.commandField()) {
                case Command.C_ECHO_RQ -> {
                    skipDataSet(message);
                    channel.writeMessage(
                            pc.id(), Command.response(rq, Command.C_ECHO_RSP, Status.Success, false), null);
                }
                case Command.C_STORE_RQ -> store(pc, rq);
                case Command.C_FIND_RQ -> find(pc, rq);
                case Command.C_MOVE_RQ -> retrieve(pc, rq, true);
                case Command.C_GET_RQ -> retrieve(pc, rq, false);
                case Command.C_CANCEL_RQ -> {
                    // A cancel that crossed the final response: nothing left to cancel.
                    skipDataSet(message);
                }
                default -> throw new ProtocolException(
                        Pdu.ABORT_UNRECOGNIZED_PDU_PARAMETER,
                        String.format("unsupported DIMSE command 0x%04X", rq.commandField()));
            }
        }
    }

    private void skipDataSet(PduChannel.Message message) throws IOException {
        if (message.command().hasDataSet()) {
            channel.readDataSet(message.contextId(), null);
        }
    }

    private void respond(PresentationContext pc, Command rsp, String errorComment, byte[] dataSet) throws IOException {
        if (errorComment != null) {
            String comment = errorComment.replaceAll("[^\\x20-\\x7e]", "?");
            rsp.set(
                    Command.ERROR_COMMENT,
                    comment.length() > MAX_ERROR_COMMENT ? comment.substring(0, MAX_ERROR_COMMENT) : comment);
        }
        channel.writeMessage(pc.id(), rsp, dataSet);
    }

    // ---------------------------------------------------------------- C-STORE

    private void store(PresentationContext pc, Command rq) throws IOException {
        String sopClass = rq.getString(Command.AFFECTED_SOP_CLASS_UID);
        String sopInstance = rq.getString(Command.AFFECTED_SOP_INSTANCE_UID);
        Command rsp = Command.response(rq, Command.C_STORE_RSP, Status.Success, false);
        if (sopInstance != null) {
            rsp.set(Command.AFFECTED_SOP_INSTANCE_UID, sopInstance);
        }
        if (!rq.hasDataSet() || sopClass == null || sopInstance == null) {
            if (rq.hasDataSet()) {
                channel.readDataSet(pc.id(), null);
            }
            respond(
                    pc,
                    rsp.set(Command.STATUS, Status.CannotUnderstand),
                    "C-STORE-RQ without SOP class, instance or data set",
                    null);
            return;
        }
        if (listener.storage() == null || !sopClass.equals(pc.abstractSyntax())) {
            channel.readDataSet(pc.id(), null);
            respond(
                    pc,
                    rsp.set(Command.STATUS, Status.SOPClassNotSupported),
                    listener.storage() == null
                            ? "storage not served here"
                            : "SOP class differs from the presentation context",
                    null);
            return;
        }
        int status = Status.Success;
        String comment = null;
        Path spool = null;
        try {
            IOException spoolError = null;
            try {
                spool = Files.createTempFile(config.spoolDir(), "rx-", ".dcm");
            } catch (IOException e) {
                channel.readDataSet(pc.id(), null);
                spoolError = e;
            }
            if (spool != null) {
                spoolError = receive(pc, sopClass, sopInstance, spool);
            }
            if (spoolError != null) {
                LOG.error(
                        "Association {}: cannot spool {} to {}: {}",
                        name,
                        sopInstance,
                        config.spoolDir(),
                        spoolError.toString());
                status = Status.OutOfResources;
                comment = "cannot write the object: " + spoolError.getMessage();
            } else {
                try {
                    listener.storage().store(info, sopClass, sopInstance, pc.transferSyntax(), spool);
                } catch (DicomException e) {
                    status = e.status();
                    comment = e.getMessage();
                    LOG.info("Association {}: storing {} answered {}", name, sopInstance, e.getMessage());
                } catch (RuntimeException e) {
                    status = Status.ProcessingFailure;
                    comment = e.toString();
                    LOG.error("Association {}: storing {} failed", name, sopInstance, e);
                }
            }
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException e) {
                    LOG.warn("Cannot delete spool file {}: {}", spool, e.toString());
                }
            }
        }
        respond(pc, rsp.set(Command.STATUS, status), comment, null);
    }

    /**
     * Streams the data set into {@code spool} behind a File Meta Information.
     * Returns the first local write error (the data set is read to its end anyway); network errors throw.
     */
    private IOException receive(PresentationContext pc, String sopClass, String sopInstance, Path spool)
            throws IOException {
        FileChannel file;
        try {
            file = FileChannel.open(spool, StandardOpenOption.WRITE);
        } catch (IOException e) {
            channel.readDataSet(pc.id(), null);
            return e;
        }
        try (file) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(file), PduChannel.BUFFER_SIZE);
            IOException error = null;
            try {
                out.write(Part10.fileMetaInformation(sopClass, sopInstance, pc.transferSyntax(), info.callingAet()));
            } catch (IOException e) {
                error = e;
            }
            IOException dataError = channel.readDataSet(pc.id(), error == null ? out : null);
            if (error == null) {
                error = dataError;
            }
            if (error == null) {
                // No fsync here: the handler moves the file into place and syncs it there, one sync per
                // object in all (syncing here as well would cost a second one for the rename).
                try {
                    out.flush();
                } catch (IOException e) {
                    error = e;
                }
            }
            return error;
        }
    }

    // ---------------------------------------------------------------- C-FIND

    private void find(PresentationContext pc, Command rq) throws IOException {
        int messageId = rq.getInt(Command.MESSAGE_ID, 0);
        byte[] identifier = rq.hasDataSet() ? channel.readDataSetBytes(pc.id(), MAX_IDENTIFIER) : null;
        InformationModel model = InformationModel.ofSopClass(pc.abstractSyntax());
        if (listener.query() == null || model == null || !model.findUid().equals(pc.abstractSyntax())) {
            respond(pc, Command.response(rq, Command.C_FIND_RSP, Status.SOPClassNotSupported, false), null, null);
            return;
        }
        Attributes keys = decodeIdentifier(pc, identifier);
        if (keys == null) {
            respond(
                    pc,
                    Command.response(rq, Command.C_FIND_RSP, Status.IdentifierDoesNotMatchSOPClass, false),
                    "cannot decode the identifier",
                    null);
            return;
        }
        cancelRequested = false;
        IOException[] broken = new IOException[1];
        int status = Status.Success;
        String comment = null;
        try {
            listener.query().find(info, model, keys, match -> {
                if (broken[0] != null) {
                    return false;
                }
                try {
                    if (pollCancel(messageId)) {
                        return false;
                    }
                    ByteArrayOutputStream encoded = new ByteArrayOutputStream(1024);
                    listener.files().encode(match, pc.transferSyntax(), encoded);
                    channel.writeMessage(
                            pc.id(),
                            Command.response(rq, Command.C_FIND_RSP, Status.Pending, true),
                            encoded.toByteArray());
                    return true;
                } catch (IOException e) {
                    broken[0] = e;
                    return false;
                }
            });
        } catch (DicomException e) {
            status = e.status();
            comment = e.getMessage();
            LOG.info("Association {}: C-FIND answered {}", name, e.getMessage());
        } catch (RuntimeException e) {
            status = Status.UnableToProcess;
            comment = e.toString();
            LOG.error("Association {}: C-FIND failed", name, e);
        }
        if (broken[0] != null) {
            throw broken[0];
        }
        if (cancelRequested && status == Status.Success) {
            status = Status.Cancel;
        }
        respond(pc, Command.response(rq, Command.C_FIND_RSP, status, false), comment, null);
    }

    private Attributes decodeIdentifier(PresentationContext pc, byte[] identifier) {
        if (identifier == null) {
            return null;
        }
        try {
            return listener.files().decode(new ByteArrayInputStream(identifier), pc.transferSyntax());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Association {}: cannot decode identifier: {}", name, e.toString());
            return null;
        }
    }

    /**
     * Whether the requestor has cancelled the operation {@code messageId}. Without an asynchronous
     * operations window nothing but a C-CANCEL-RQ may arrive while an operation is outstanding.
     */
    private boolean pollCancel(int messageId) throws IOException {
        while (!cancelRequested && channel.available() > 0) {
            PduChannel.Message message = channel.readMessage();
            if (message == null) {
                throw new ProtocolException(Pdu.ABORT_UNEXPECTED_PDU, "A-RELEASE-RQ while an operation is outstanding");
            }
            noteCancel(message, messageId);
        }
        return cancelRequested;
    }

    private void noteCancel(PduChannel.Message message, int messageId) throws IOException {
        Command command = message.command();
        if (command.commandField() != Command.C_CANCEL_RQ) {
            throw new ProtocolException(
                    Pdu.ABORT_UNEXPECTED_PDU_PARAMETER,
                    String.format("DIMSE command 0x%04X while an operation is outstanding", command.commandField()));
        }
        skipDataSet(message);
        if (command.getInt(Command.MESSAGE_ID_BEING_RESPONDED_TO, -1) == messageId) {
            LOG.info("Association {}: operation {} cancelled by the requestor", name, messageId);
            cancelRequested = true;
        }
    }

    // ---------------------------------------------------------------- C-MOVE and C-GET

    /** Where the C-STORE sub-operations of a retrieve go. */
    private interface StoreTarget extends AutoCloseable {
        /** Returns the status of the sub-operation; throws only when the requestor's association broke. */
        int store(Part10.Header header, Path file) throws IOException;

        @Override
        void close();
    }

    private void retrieve(PresentationContext pc, Command rq, boolean move) throws IOException {
        int rspField = move ? Command.C_MOVE_RSP : Command.C_GET_RSP;
        int messageId = rq.getInt(Command.MESSAGE_ID, 0);
        byte[] identifier = rq.hasDataSet() ? channel.readDataSetBytes(pc.id(), MAX_IDENTIFIER) : null;
        InformationModel model = InformationModel.ofSopClass(pc.abstractSyntax());
        String expected = model == null ? null : move ? model.moveUid() : model.getUid();
        if (listener.retrieve() == null || !pc.abstractSyntax().equals(expected)) {
            respond(pc, Command.response(rq, rspField, Status.SOPClassNotSupported, false), null, null);
            return;
        }
        Attributes keys = decodeIdentifier(pc, identifier);
        if (keys == null) {
            respond(
                    pc,
                    Command.response(rq, rspField, Status.IdentifierDoesNotMatchSOPClass, false),
                    "cannot decode the identifier",
                    null);
            return;
        }
        List<Path> located;
        try {
            located = listener.retrieve().locate(info, model, keys);
        } catch (DicomException e) {
            LOG.info("Association {}: {} answered {}", name, move ? "C-MOVE" : "C-GET", e.getMessage());
            respond(pc, Command.response(rq, rspField, e.status(), false), e.getMessage(), null);
            return;
        } catch (RuntimeException e) {
            LOG.error("Association {}: locating instances failed", name, e);
            respond(pc, Command.response(rq, rspField, Status.UnableToProcess, false), e.toString(), null);
            return;
        }
        String destinationAet = rq.getString(Command.MOVE_DESTINATION);
        DicomNode destination = null;
        if (move) {
            destination = destinationAet == null ? null : listener.retrieve().destination(destinationAet);
            if (destination == null) {
                LOG.warn("Association {}: C-MOVE destination {} unknown", name, destinationAet);
                respond(
                        pc,
                        Command.response(rq, rspField, Status.MoveDestinationUnknown, false),
                        "unknown destination " + destinationAet,
                        null);
                return;
            }
        }
        List<Path> files = located == null ? List.of() : located;
        List<Part10.Header> headers = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                headers.add(Part10.readHeader(file));
            } catch (IOException e) {
                LOG.warn("Association {}: cannot read {}: {}", name, file, e.toString());
                headers.add(null);
            }
        }
        cancelRequested = false;
        int completed = 0;
        int failed = 0;
        int warning = 0;
        List<String> failedUids = new ArrayList<>();
        String comment = null;
        try (StoreTarget target = move ? new MoveTarget(destination, headers, messageId) : new GetTarget(messageId)) {
            for (int i = 0; i < files.size(); i++) {
                if (pollCancel(messageId)) {
                    break;
                }
                Part10.Header header = headers.get(i);
                int status = header == null ? Status.ProcessingFailure : target.store(header, files.get(i));
                if (status == Status.Success) {
                    completed++;
                } else if (Status.isWarning(status)) {
                    warning++;
                } else {
                    failed++;
                    if (header != null) {
                        failedUids.add(header.sopInstanceUid());
                    }
                }
                int remaining = files.size() - i - 1;
                if (remaining > 0) {
                    Command pending = Command.response(rq, rspField, Status.Pending, false);
                    setCounts(pending, completed, failed, warning).set(Command.REMAINING_SUB_OPERATIONS, remaining);
                    channel.writeMessage(pc.id(), pending, null);
                }
            }
            if (target instanceof MoveTarget moveTarget) {
                comment = moveTarget.error;
            }
        }
        int done = completed + failed + warning;
        int status;
        if (cancelRequested && done < files.size()) {
            status = Status.Cancel;
        } else if (failed == 0 && warning == 0) {
            status = Status.Success;
        } else if (completed == 0 && warning == 0) {
            status = Status.OutOfResourcesSubOperations;
        } else {
            status = Status.SubOperationsCompleteWithFailures;
        }
        byte[] failedList = failedUids.isEmpty() ? null : failedSopInstanceUidList(pc, failedUids);
        Command rsp = setCounts(Command.response(rq, rspField, status, failedList != null), completed, failed, warning);
        if (status == Status.Cancel) {
            rsp.set(Command.REMAINING_SUB_OPERATIONS, files.size() - done);
        }
        LOG.info(
                "Association {}: {} of {} instances to {}: {} completed, {} failed, {} warning, status {}",
                name,
                move ? "C-MOVE" : "C-GET",
                files.size(),
                move ? destinationAet : info.callingAet(),
                completed,
                failed,
                warning,
                Status.toString(status));
        respond(pc, rsp, status == Status.Success ? null : comment, failedList);
    }

    private static Command setCounts(Command rsp, int completed, int failed, int warning) {
        return rsp.set(Command.COMPLETED_SUB_OPERATIONS, completed)
                .set(Command.FAILED_SUB_OPERATIONS, failed)
                .set(Command.WARNING_SUB_OPERATIONS, warning);
    }

    private byte[] failedSopInstanceUidList(PresentationContext pc, List<String> uids) {
        try {
            Attributes list = listener.files()
                    .newAttributes()
                    .setString(FAILED_SOP_INSTANCE_UID_LIST, uids.toArray(String[]::new));
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            listener.files().encode(list, pc.transferSyntax(), encoded);
            return encoded.toByteArray();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Association {}: cannot encode the Failed SOP Instance UID List: {}", name, e.toString());
            return null;
        }
    }

    /** C-STORE sub-operations of a C-GET: to the requestor, on this association, where it took the SCP role. */
    private final class GetTarget implements StoreTarget {
        private final int getMessageId;

        GetTarget(int getMessageId) {
            this.getMessageId = getMessageId;
        }

        @Override
        public int store(Part10.Header header, Path file) throws IOException {
            List<PresentationContext> usable = contexts.values().stream()
                    .filter(PresentationContext::requestorScp)
                    .toList();
            StoreSender.Outgoing outgoing;
            try {
                outgoing = StoreSender.prepare(usable, header, file, listener.files());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Association {}: cannot send {}: {}", name, file, e.toString());
                return Status.ProcessingFailure;
            }
            if (outgoing == null) {
                LOG.warn(
                        "Association {}: no presentation context with SCP role for {} in {}",
                        name,
                        header.sopClassUid(),
                        header.transferSyntaxUid());
                return Status.SOPClassNotSupported;
            }
            int messageId = nextMessageId;
            nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
            try (outgoing) {
                channel.writeMessage(
                        outgoing.context().id(),
                        StoreSender.storeRequest(messageId, header, null, 0),
                        outgoing.data(),
                        outgoing.length());
            }
            while (true) {
                PduChannel.Message message = channel.readMessage();
                if (message == null) {
                    throw new ProtocolException(Pdu.ABORT_UNEXPECTED_PDU, "A-RELEASE-RQ during a C-GET");
                }
                Command command = message.command();
                if (command.commandField() == Command.C_STORE_RSP
                        && command.getInt(Command.MESSAGE_ID_BEING_RESPONDED_TO, -1) == messageId) {
                    skipDataSet(message);
                    return command.getInt(Command.STATUS, Status.ProcessingFailure);
                }
                noteCancel(message, getMessageId);
            }
        }

        @Override
        public void close() {
            // the association stays open for the requestor
        }
    }

    /** C-STORE sub-operations of a C-MOVE: over an association this listener requests from the destination. */
    private final class MoveTarget implements StoreTarget {
        private final DicomNode destination;
        private final List<Part10.Header> headers;
        private final int moveMessageId;
        private ScuAssociation association;
        private String error;

        MoveTarget(DicomNode destination, List<Part10.Header> headers, int moveMessageId) {
            this.destination = destination;
            this.headers = headers;
            this.moveMessageId = moveMessageId;
        }

        @Override
        public int store(Part10.Header header, Path file) {
            if (error != null) {
                return Status.OutOfResourcesSubOperations;
            }
            try {
                if (association == null) {
                    association = ScuAssociation.open(
                            destination, config.aeTitle(), proposals(), config.maxPduLength(), config.idleTimeout());
                }
            } catch (IOException e) {
                error = "cannot associate with " + destination.aeTitle() + ": " + e.getMessage();
                LOG.warn("Association {}: {}", name, error);
                return Status.OutOfResourcesSubOperations;
            }
            StoreSender.Outgoing outgoing;
            try {
                outgoing = StoreSender.prepare(association.contexts(), header, file, listener.files());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Association {}: cannot send {}: {}", name, file, e.toString());
                return Status.ProcessingFailure;
            }
            if (outgoing == null) {
                LOG.warn(
                        "Association {}: {} accepted no transfer syntax for {} in {}",
                        name,
                        destination.aeTitle(),
                        header.sopClassUid(),
                        header.transferSyntaxUid());
                return Status.SOPClassNotSupported;
            }
            try (outgoing) {
                return association.store(header, outgoing, info.callingAet(), moveMessageId);
            } catch (IOException e) {
                error = "association with " + destination.aeTitle() + " failed: " + e.getMessage();
                LOG.warn("Association {}: {}", name, error);
                association.abort();
                return Status.OutOfResourcesSubOperations;
            }
        }

        /** One context per SOP class and transfer syntax of the files, and a little endian one per class to convert into. */
        private List<PresentationContext> proposals() {
            Map<String, Set<String>> syntaxes = new LinkedHashMap<>();
            for (Part10.Header header : headers) {
                if (header != null) {
                    syntaxes.computeIfAbsent(header.sopClassUid(), k -> new java.util.LinkedHashSet<>())
                            .add(header.transferSyntaxUid());
                }
            }
            List<PresentationContext> proposals = new ArrayList<>();
            int id = 1;
            for (Map.Entry<String, Set<String>> e : syntaxes.entrySet()) {
                for (String ts : e.getValue()) {
                    if (id <= 255) {
                        proposals.add(PresentationContext.proposed(id, e.getKey(), List.of(ts)));
                        id += 2;
                    }
                }
                if (id <= 255 && !e.getValue().containsAll(NATIVE_LITTLE_ENDIAN)) {
                    proposals.add(PresentationContext.proposed(id, e.getKey(), NATIVE_LITTLE_ENDIAN));
                    id += 2;
                }
            }
            return proposals;
        }

        @Override
        public void close() {
            if (association != null) {
                association.close();
            }
        }
    }
}
