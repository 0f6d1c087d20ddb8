package org.atrium.dicom.internal.pixelmed;

import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.SCUSCPRoleSelection;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.Status;
import org.atrium.dicom.internal.ClientTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One association requested from a remote node through PixelMed's {@link Association}, with the
 * timeouts PixelMed lacks: its initiator opens a plain {@code Socket} with no connect or read
 * timeout, so establishing runs on a helper thread bounded by a deadline, and the socket's read
 * timeout and TCP_NODELAY are set once it exists. Failures become {@link IOException}s whose
 * messages name the node and the reason. Used by one thread at a time.
 */
final class ScuAssociation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScuAssociation.class);
    private static final Pattern REJECT =
            Pattern.compile("(rejected-(?:permanent|transient))(?: by ([^,]+))?(?:, (.+))?", Pattern.CASE_INSENSITIVE);
    private static final int MAX_PDU_RECEIVED = 1 << 16;
    private static final int SOCKET_BUFFER = 1 << 16;

    private final Association association;
    private final DicomNode node;
    private final Socket socket;
    private boolean finished;

    private ScuAssociation(Association association, DicomNode node) {
        this.association = association;
        this.node = node;
        this.socket = socketOf(association);
    }

    static ScuAssociation open(
            String callingAet,
            DicomNode node,
            LinkedList<PresentationContext> contexts,
            LinkedList<SCUSCPRoleSelection> roles,
            ClientTimeouts timeouts,
            ExecutorService executor)
            throws IOException {
        Handoff handoff = new Handoff();
        Future<Association> pending = executor.submit(() -> handoff.complete(AssociationFactory.createNewAssociation(
                node.host(),
                node.port(),
                node.aeTitle(),
                callingAet,
                MAX_PDU_RECEIVED,
                SOCKET_BUFFER,
                SOCKET_BUFFER,
                contexts,
                roles,
                false,
                null,
                null)));
        Duration limit = timeouts.connect().plus(timeouts.response());
        Association association;
        try {
            association = pending.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            handoff.abandon();
            pending.cancel(true);
            throw new SocketTimeoutException("no association with " + node + " within " + limit.toSeconds()
                    + " s: the node did not answer the connection or the association request");
        } catch (InterruptedException e) {
            handoff.abandon();
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while associating with " + node);
        } catch (ExecutionException e) {
            throw failure("cannot associate with", node, e.getCause());
        }
        ScuAssociation opened = new ScuAssociation(association, node);
        opened.setReadTimeout(timeouts.response());
        return opened;
    }

    /** Sets how long to wait for the next PDU (C-MOVE and C-GET may be quiet for longer). */
    void setReadTimeout(Duration timeout) {
        if (socket == null) {
            return;
        }
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.setTcpNoDelay(true);
        } catch (SocketException e) {
            LOG.debug("cannot set socket options of the association with {}", node, e);
        }
    }

    DicomNode node() {
        return node;
    }

    /** The presentation context accepted for an abstract syntax, preferring {@code transferSyntax} when given. */
    byte contextFor(String abstractSyntax, String transferSyntax) throws DicomException {
        try {
            return transferSyntax == null
                    ? association.getSuitablePresentationContextID(abstractSyntax)
                    : association.getSuitablePresentationContextID(abstractSyntax, transferSyntax);
        } catch (DicomNetworkException e) {
            throw new DicomException(
                    Status.SOPClassNotSupported,
                    node + " accepted no presentation context for " + abstractSyntax
                            + (transferSyntax == null ? "" : " in " + transferSyntax));
        }
    }

    /** Whether a presentation context was accepted for the pair. */
    boolean accepts(String abstractSyntax, String transferSyntax) {
        try {
            association.getSuitablePresentationContextID(abstractSyntax, transferSyntax);
            return true;
        } catch (DicomNetworkException e) {
            return false;
        }
    }

    String transferSyntax(byte contextId) throws IOException {
        try {
            return association.getTransferSyntaxForPresentationContextID(contextId);
        } catch (DicomNetworkException e) {
            throw failure("bad presentation context with", node, e);
        }
    }

    /** Sends a command and optionally its data set, then waits for the handler to be done. */
    <H extends CompositeResponseHandler> H exchange(byte contextId, byte[] command, byte[] data, H handler)
            throws IOException {
        try {
            association.setReceivedDataHandler(handler);
            association.send(contextId, command, data);
            association.waitForPDataPDUsUntilHandlerReportsDone();
            return handler;
        } catch (Exception e) {
            throw failure("lost the association with", node, e);
        }
    }

    /** Sends a command and streams its data set, then waits for the handler to be done. */
    <H extends CompositeResponseHandler> H exchange(byte contextId, byte[] command, InputStream data, H handler)
            throws IOException {
        try {
            association.setReceivedDataHandler(handler);
            association.send(contextId, command, null);
            try (OutputStream out = association.getAssociationOutputStream(contextId)) {
                data.transferTo(out);
            }
            association.waitForPDataPDUsUntilHandlerReportsDone();
            return handler;
        } catch (Exception e) {
            throw failure("lost the association with", node, e);
        }
    }

    /** A-RELEASE; an association that cannot be released is aborted. */
    void release() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            association.release();
        } catch (DicomNetworkException | RuntimeException e) {
            LOG.debug("release of the association with {} failed; aborting", node, e);
            abortQuietly(association);
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            abortQuietly(association);
        }
    }

    private static void abortQuietly(Association association) {
        try {
            association.abort();
        } catch (DicomNetworkException | RuntimeException e) {
            LOG.trace("abort failed", e);
        }
    }

    /** PixelMed keeps the socket to itself; its read timeout must nevertheless be set. */
    private static Socket socketOf(Association association) {
        try {
            Field field = Association.class.getDeclaredField("socket");
            field.setAccessible(true);
            return (Socket) field.get(association);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot reach the socket of a PixelMed association; no read timeout is set", e);
            return null;
        }
    }

    /** An exception of PixelMed or the JDK as an IOException that says what happened with whom. */
    static IOException failure(String doing, DicomNode node, Throwable cause) {
        String message = cause == null || cause.getMessage() == null
                ? ""
                : cause.getMessage().trim();
        // PixelMed reports socket failures as an A-P-ABORT whose text names the JDK exception.
        if (cause instanceof ConnectException || message.contains("ConnectException")) {
            return new IOException("cannot connect to " + node + ": connection refused", cause);
        }
        if (cause instanceof UnknownHostException || message.contains("UnknownHostException")) {
            return new IOException("cannot connect to " + node + ": unknown host " + node.host(), cause);
        }
        if (cause instanceof NoRouteToHostException || message.contains("NoRouteToHostException")) {
            return new IOException("cannot connect to " + node + ": no route to host", cause);
        }
        if (cause instanceof SocketTimeoutException || message.contains("SocketTimeoutException")) {
            return new SocketTimeoutException(doing + " " + node + ": it did not answer in time (" + message + ")");
        }
        if (message.contains("A-ASSOCIATE-RJ")) {
            return new IOException("association rejected by " + node + ": " + describeReject(message), cause);
        }
        if (message.contains("A-ABORT")) {
            return new IOException(
                    "association aborted by " + node + (message.isEmpty() ? "" : " (" + message + ")"), cause);
        }
        if (message.contains("A-P-ABORT") || cause instanceof SocketException) {
            return new IOException(doing + " " + node + ": connection closed (" + message + ")", cause);
        }
        if (cause instanceof IOException io && message.startsWith(doing)) {
            return io;
        }
        return new IOException(
                doing + " " + node + ": " + (message.isEmpty() ? String.valueOf(cause) : message), cause);
    }

    /** "rejected-permanent by DICOM UL Service User, called AE Title not recognized" in words. */
    static String describeReject(String message) {
        String info = message.substring(message.indexOf("A-ASSOCIATE-RJ") + "A-ASSOCIATE-RJ".length())
                .replaceFirst("^\\s*indication\\s*-?\\s*", "")
                .trim();
        Matcher matcher = REJECT.matcher(info);
        if (!matcher.find()) {
            return info.isEmpty() ? "no reason given" : info;
        }
        String reason =
                matcher.group(3) == null ? "no reason given" : matcher.group(3).trim();
        reason = reason.replace("AE Title", "AE title");
        String source =
                matcher.group(2) == null ? "" : " by " + matcher.group(2).trim();
        return reason + " (" + matcher.group(1).toLowerCase(java.util.Locale.ROOT) + source + ")";
    }

    /** Hands the association to the caller, or aborts it when the caller has given up waiting. */
    private static final class Handoff {
        private boolean abandoned;
        private Association association;

        synchronized Association complete(Association established) {
            if (abandoned) {
                abortQuietly(established);
                return null;
            }
            association = established;
            return established;
        }

        synchronized void abandon() {
            abandoned = true;
            if (association != null) {
                abortQuietly(association);
            }
        }
    }

    /** Presentation context identifiers: odd, 1 to 255. */
    static LinkedList<PresentationContext> contexts(List<String[]> abstractAndTransferSyntaxes) {
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        int id = 1;
        for (String[] syntaxes : abstractAndTransferSyntaxes) {
            if (id > 255) {
                throw new IllegalArgumentException("more than 128 presentation contexts");
            }
            LinkedList<String> transferSyntaxes =
                    new LinkedList<>(List.of(syntaxes).subList(1, syntaxes.length));
            contexts.add(new PresentationContext((byte) id, syntaxes[0], transferSyntaxes));
            id += 2;
        }
        return contexts;
    }
}
