package org.atrium.dicom.internal.ul;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.atrium.dicom.DicomNode;

/**
 * An association this side requests: for the C-STORE sub-operations of a C-MOVE, and for the
 * operations of {@link UpperLayerClient}. Over plain TCP or, when the node says so, TLS. Used by
 * one thread at a time.
 */
final class ScuAssociation implements AutoCloseable {

    private final DicomNode node;
    private final Socket socket;
    private final PduChannel channel;
    private final List<PresentationContext> contexts = new ArrayList<>();
    private int nextMessageId = 1;
    /** Whether the node answered the association request at all. */
    private boolean answered;

    private ScuAssociation(DicomNode node, Socket socket, PduChannel channel) {
        this.node = node;
        this.socket = socket;
        this.channel = channel;
    }

    /** One timeout for connecting and for every answer, no role selection. */
    static ScuAssociation open(
            DicomNode node, String callingAet, List<PresentationContext> proposed, int maxPduLength, Duration timeout)
            throws IOException {
        return open(node, callingAet, proposed, List.of(), maxPduLength, timeout, timeout);
    }

    static ScuAssociation open(
            DicomNode node,
            String callingAet,
            List<PresentationContext> proposed,
            Collection<RoleSelection> proposedRoles,
            int maxPduLength,
            Duration connectTimeout,
            Duration readTimeout)
            throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            connect(plain, node, millis(connectTimeout));
            plain.setSoTimeout(millis(readTimeout));
            Socket socket = node.tls() == null ? plain : Tls.handshake(plain, node);
            ScuAssociation association = new ScuAssociation(node, socket, new PduChannel(socket, maxPduLength));
            try {
                association.negotiate(callingAet, proposed, proposedRoles);
            } catch (SSLException e) {
                // TLS 1.3: a server that refuses our certificate says so at our first read.
                throw Tls.handshakeFailed(node, e);
            } catch (SocketException | EOFException e) {
                if (node.tls() == null || association.answered) {
                    throw e;
                }
                // ... or closes the connection, and the alert that says why may be lost.
                throw Tls.handshakeFailed(
                        node,
                        new SSLException(
                                "the node closed the connection right after the handshake ("
                                        + e.getMessage() + "); "
                                        + (node.tls().keystore() == null
                                                ? "does it require a client certificate? none is configured"
                                                : "does it trust our client certificate?"),
                                e));
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no association with " + node + " within " + readTimeout.toSeconds()
                        + " s: the node did not answer the association request");
            }
            return association;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static void connect(Socket socket, DicomNode node, int timeoutMillis) throws IOException {
        try {
            socket.connect(new InetSocketAddress(node.host(), node.port()), timeoutMillis);
        } catch (ConnectException e) {
            throw because(new ConnectException("cannot connect to " + node + ": connection refused"), e);
        } catch (UnknownHostException e) {
            throw because(new UnknownHostException("cannot connect to " + node + ": unknown host " + node.host()), e);
        } catch (NoRouteToHostException e) {
            throw because(new NoRouteToHostException("cannot connect to " + node + ": no route to host"), e);
        } catch (SocketTimeoutException e) {
            throw because(
                    new SocketTimeoutException(
                            "cannot connect to " + node + ": no answer within " + timeoutMillis / 1000 + " s"),
                    e);
        }
    }

    private static <E extends IOException> E because(E e, Throwable cause) {
        e.initCause(cause);
        return e;
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    private void negotiate(
            String callingAet, List<PresentationContext> proposed, Collection<RoleSelection> proposedRoles)
            throws IOException {
        AssociateRq rq = new AssociateRq();
        rq.calledAet = node.aeTitle();
        rq.callingAet = callingAet;
        rq.contexts.addAll(proposed);
        rq.maxPduLength = channel.maxReceive();
        rq.implementationClassUid = Part10.IMPLEMENTATION_CLASS_UID;
        rq.implementationVersionName = Part10.IMPLEMENTATION_VERSION_NAME;
        for (RoleSelection role : proposedRoles) {
            rq.roles.put(role.sopClassUid(), role);
        }
        channel.writePdu(Pdu.ASSOCIATE_RQ, rq.encode());
        int type = channel.readPduHeader();
        answered = true;
        byte[] body = channel.readPduBody();
        switch (type) {
            case Pdu.ASSOCIATE_AC -> {
                AssociateAc ac = AssociateAc.parse(body);
                channel.setMaxSend(ac.maxPduLength);
                for (PresentationContext answer : ac.contexts) {
                    for (PresentationContext pc : proposed) {
                        if (pc.id() == answer.id()) {
                            // We take the SCP role where we asked for it, unless the acceptor said no; one
                            // that does not answer role selection and sends C-STORE anyway is served.
                            RoleSelection asked = rq.roles.get(pc.abstractSyntax());
                            RoleSelection answered = ac.roles.get(pc.abstractSyntax());
                            boolean requestorScp = asked != null && asked.scp() && (answered == null || answered.scp());
                            contexts.add(pc.answer(answer.result(), answer.transferSyntax(), requestorScp));
                        }
                    }
                }
            }
            case Pdu.ASSOCIATE_RJ -> throw new IOException("association rejected by " + node + ": "
                    + Pdu.rejectReason(body[2] & 0xFF, body[3] & 0xFF) + " ("
                    + (body[1] == Pdu.RJ_TRANSIENT ? "rejected-transient" : "rejected-permanent") + " by "
                    + Pdu.rejectSource(body[2] & 0xFF) + ")");
            case Pdu.ABORT -> throw new AbortedException(body[2] & 0xFF, body[3] & 0xFF);
            default -> throw new ProtocolException(Pdu.ABORT_UNEXPECTED_PDU, "unexpected " + Pdu.typeName(type));
        }
    }

    DicomNode node() {
        return node;
    }

    /** The TLS protocol negotiated ({@code TLSv1.3}, {@code TLSv1.2}), or {@code null} for plain TCP. */
    String tlsProtocol() {
        return socket instanceof SSLSocket secure ? secure.getSession().getProtocol() : null;
    }

    PduChannel channel() {
        return channel;
    }

    /** The negotiated contexts, accepted or not. */
    List<PresentationContext> contexts() {
        return contexts;
    }

    /** The first accepted context for {@code abstractSyntax}, or {@code null}. */
    PresentationContext accepted(String abstractSyntax) {
        for (PresentationContext pc : contexts) {
            if (pc.accepted() && pc.abstractSyntax().equals(abstractSyntax)) {
                return pc;
            }
        }
        return null;
    }

    /** The accepted context with the id a message came on, or {@code null}. */
    PresentationContext context(int id) {
        for (PresentationContext pc : contexts) {
            if (pc.id() == id) {
                return pc.accepted() ? pc : null;
            }
        }
        return null;
    }

    int nextMessageId() {
        int messageId = nextMessageId;
        nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
        return messageId;
    }

    /** How long to wait for the next PDU (C-MOVE and C-GET may be quiet for longer). */
    void setReadTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout(millis(timeout));
    }

    /** Sends one C-STORE-RQ with the data set of {@code outgoing} and returns the status of the response. */
    int store(
            Part10.Header header, StoreSender.Outgoing outgoing, String moveOriginatorAet, int moveOriginatorMessageId)
            throws IOException {
        return storeResponse(header, outgoing, moveOriginatorAet, moveOriginatorMessageId)
                .getInt(Command.STATUS, -1);
    }

    /** Sends one C-STORE-RQ with the data set of {@code outgoing} and returns the response. */
    Command storeResponse(
            Part10.Header header, StoreSender.Outgoing outgoing, String moveOriginatorAet, int moveOriginatorMessageId)
            throws IOException {
        int messageId = nextMessageId();
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
        return rsp.command();
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

    /** Releases an association still open, aborting it when the release fails. */
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
