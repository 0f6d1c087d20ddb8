package org.atrium.dicom.internal.ul;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.atrium.dicom.DicomNode;

/** An association this side requests, as used for the C-STORE sub-operations of a C-MOVE. */
final class ScuAssociation implements AutoCloseable {

    private final DicomNode node;
    private final PduChannel channel;
    private final List<PresentationContext> contexts = new ArrayList<>();
    private int nextMessageId = 1;

    private ScuAssociation(DicomNode node, PduChannel channel) {
        this.node = node;
        this.channel = channel;
    }

    static ScuAssociation open(
            DicomNode node, String callingAet, List<PresentationContext> proposed, int maxPduLength, Duration timeout)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
            socket.connect(new InetSocketAddress(node.host(), node.port()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            PduChannel channel = new PduChannel(socket, maxPduLength);
            ScuAssociation association = new ScuAssociation(node, channel);
            association.negotiate(callingAet, proposed);
            return association;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void negotiate(String callingAet, List<PresentationContext> proposed) throws IOException {
        AssociateRq rq = new AssociateRq();
        rq.calledAet = node.aeTitle();
        rq.callingAet = callingAet;
        rq.contexts.addAll(proposed);
        rq.maxPduLength = channel.maxReceive();
        rq.implementationClassUid = Part10.IMPLEMENTATION_CLASS_UID;
        rq.implementationVersionName = Part10.IMPLEMENTATION_VERSION_NAME;
        channel.writePdu(Pdu.ASSOCIATE_RQ, rq.encode());
        int type = channel.readPduHeader();
        byte[] body = channel.readPduBody();
        switch (type) {
            case Pdu.ASSOCIATE_AC -> {
                AssociateAc ac = AssociateAc.parse(body);
                channel.setMaxSend(ac.maxPduLength);
                for (PresentationContext answer : ac.contexts) {
                    for (PresentationContext pc : proposed) {
                        if (pc.id() == answer.id()) {
                            contexts.add(pc.answer(answer.result(), answer.transferSyntax(), false));
                        }
                    }
                }
            }
            case Pdu.ASSOCIATE_RJ -> throw new IOException(
                    node + " rejected the association: " + Pdu.rejectReason(body[2] & 0xFF, body[3] & 0xFF)
                            + (body[1] == Pdu.RJ_TRANSIENT ? " (transient)" : ""));
            case Pdu.ABORT -> throw new AbortedException(body[2] & 0xFF, body[3] & 0xFF);
            default -> throw new ProtocolException(Pdu.ABORT_UNEXPECTED_PDU, "unexpected " + Pdu.typeName(type));
        }
    }

    List<PresentationContext> contexts() {
        return contexts;
    }

    /** Sends one C-STORE-RQ with the data set of {@code outgoing} and returns the status of the response. */
    int store(
            Part10.Header header, StoreSender.Outgoing outgoing, String moveOriginatorAet, int moveOriginatorMessageId)
            throws IOException {
        int messageId = nextMessageId;
        nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
        Command rq = StoreSender.storeRequest(messageId, header, moveOriginatorAet, moveOriginatorMessageId);
        int contextId = outgoing.context().id();
        channel.writeMessage(contextId, rq, outgoing.data(), outgoing.length());
        PduChannel.Message rsp = channel.readMessage();
        if (rsp == null) {
            throw new ProtocolException(Pdu.ABORT_UNEXPECTED_PDU, "A-RELEASE-RQ while a C-STORE was outstanding");
        }
        if (rsp.command().hasDataSet()) {
            channel.readDataSet(rsp.contextId(), null);
        }
        if (rsp.command().commandField() != Command.C_STORE_RSP
                || rsp.command().getInt(Command.MESSAGE_ID_BEING_RESPONDED_TO, -1) != messageId) {
            throw new ProtocolException(
                    Pdu.ABORT_UNEXPECTED_PDU_PARAMETER, "expected C-STORE-RSP, got " + rsp.command());
        }
        return rsp.command().getInt(Command.STATUS, -1);
    }

    /** A-RELEASE-RQ, wait for the A-RELEASE-RP, close. */
    void release() throws IOException {
        try {
            channel.writePdu(Pdu.RELEASE_RQ, new byte[4]);
            while (true) {
                int type = channel.readPduHeader();
                byte[] body = channel.readPduBody();
                if (type == Pdu.RELEASE_RP) {
                    return;
                }
                if (type == Pdu.ABORT) {
                    throw new AbortedException(body[2] & 0xFF, body[3] & 0xFF);
                }
                if (type == Pdu.RELEASE_RQ) {
                    // Release collision (PS3.8 9.2.8): the requestor answers and keeps waiting for its own reply.
                    channel.writePdu(Pdu.RELEASE_RP, new byte[4]);
                }
            }
        } finally {
            channel.close();
        }
    }

    void abort() {
        channel.abort(Pdu.ABORT_SOURCE_USER, Pdu.ABORT_REASON_NOT_SPECIFIED);
    }

    @Override
    public void close() {
        if (!channel.isClosed()) {
            try {
                release();
            } catch (IOException e) {
                abort();
            }
        }
    }
}
