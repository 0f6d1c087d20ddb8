package org.atrium.dicom.internal.pixelmed;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.Association;
import com.pixelmed.network.CStoreResponseCommandMessage;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PDataPDU;
import com.pixelmed.network.PresentationDataValue;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.atrium.dicom.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C-GET side of an association: C-STORE sub-operations arriving on it are written, data set
 * streamed as received, as Part 10 files into the target folder and answered; C-GET responses
 * are collected like any other response. A file that cannot be written is answered with Out of
 * Resources, so the peer counts it as failed.
 */
final class GetResponseHandler extends ResponseCollector {

    private static final Logger LOG = LoggerFactory.getLogger(GetResponseHandler.class);
    private static final AttributeTag COMMAND_FIELD = new AttributeTag(0x0000, 0x0100);
    private static final AttributeTag MESSAGE_ID = new AttributeTag(0x0000, 0x0110);
    private static final AttributeTag AFFECTED_SOP_CLASS = new AttributeTag(0x0000, 0x0002);
    private static final AttributeTag AFFECTED_SOP_INSTANCE = new AttributeTag(0x0000, 0x1000);
    private static final AttributeTag DATA_SET_TYPE = new AttributeTag(0x0000, 0x0800);
    private static final int C_STORE_RQ = 0x0001;
    private static final int NO_DATA_SET = 0x0101;

    private final Path targetDir;
    private final String peerAet;
    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private final List<Path> received = new ArrayList<>();
    private Incoming incoming;
    private boolean skippingResponseData;

    GetResponseHandler(Path targetDir, String peerAet) {
        this.targetDir = targetDir;
        this.peerAet = peerAet;
    }

    List<Path> received() {
        return received;
    }

    @Override
    public void sendPDataIndication(PDataPDU pdu, Association association)
            throws DicomNetworkException, com.pixelmed.dicom.DicomException, IOException {
        for (Object value : pdu.getPDVList()) {
            PresentationDataValue pdv = (PresentationDataValue) value;
            if (pdv.isCommand()) {
                command.write(pdv.getValue());
                if (pdv.isLastFragment()) {
                    AttributeList parsed = getAttributeListFromCommandOrData(
                            command.toByteArray(), TransferSyntax.ImplicitVRLittleEndian);
                    command.reset();
                    onCommand(parsed, pdv.getPresentationContextID(), association);
                }
            } else if (incoming != null) {
                incoming.write(pdv.getValue());
                if (pdv.isLastFragment()) {
                    Incoming done = incoming;
                    incoming = null;
                    finish(done, association);
                }
            } else if (skippingResponseData) {
                // A data set on a C-GET response (a Failed SOP Instance UID List): counted, not kept.
                skippingResponseData = !pdv.isLastFragment();
            } else {
                throw new DicomNetworkException(
                        "data fragment without a command on presentation context " + pdv.getPresentationContextID());
            }
        }
    }

    private void onCommand(AttributeList parsed, byte contextId, Association association) throws DicomNetworkException {
        int field = Attribute.getSingleIntegerValueOrDefault(parsed, COMMAND_FIELD, -1);
        boolean hasData = Attribute.getSingleIntegerValueOrDefault(parsed, DATA_SET_TYPE, NO_DATA_SET) != NO_DATA_SET;
        if (field == C_STORE_RQ) {
            incoming = open(parsed, contextId, association);
            return;
        }
        evaluateStatusAndSetSuccess(parsed);
        // A response with a data set is not over until the data set has gone by.
        skippingResponseData = hasData;
    }

    @Override
    public boolean isDone() {
        return super.isDone() && !skippingResponseData && incoming == null;
    }

    private Incoming open(AttributeList command, byte contextId, Association association) throws DicomNetworkException {
        String sopClass = Attribute.getSingleStringValueOrEmptyString(command, AFFECTED_SOP_CLASS)
                .trim();
        String sopInstance = Attribute.getSingleStringValueOrEmptyString(command, AFFECTED_SOP_INSTANCE)
                .trim();
        int messageId = Attribute.getSingleIntegerValueOrDefault(command, MESSAGE_ID, 0);
        String transferSyntax = association.getTransferSyntaxForPresentationContextID(contextId);
        Incoming in = new Incoming(contextId, sopClass, sopInstance, messageId);
        try {
            Files.createDirectories(targetDir);
            in.partial = Files.createTempFile(targetDir, ".cget-", ".part");
            in.out = new BufferedOutputStream(Files.newOutputStream(in.partial), 1 << 16);
            PixelMedFiles.writePart10Prefix(in.out, sopClass, sopInstance, transferSyntax, peerAet);
        } catch (IOException e) {
            in.fail(e);
        }
        return in;
    }

    private void finish(Incoming in, Association association) throws DicomNetworkException {
        int storeStatus = Status.Success;
        if (in.error == null) {
            try {
                in.out.close();
                Path target = targetDir.resolve(fileName(in.sopInstance));
                Files.move(in.partial, target, StandardCopyOption.REPLACE_EXISTING);
                received.add(target);
            } catch (IOException e) {
                in.fail(e);
            }
        }
        if (in.error != null) {
            LOG.warn("cannot store {} received by C-GET in {}", in.sopInstance, targetDir, in.error);
            storeStatus = Status.OutOfResources;
            in.discard();
        }
        try {
            byte[] response =
                    new CStoreResponseCommandMessage(in.sopClass, in.sopInstance, in.messageId, storeStatus).getBytes();
            association.send(in.contextId, response, null);
        } catch (com.pixelmed.dicom.DicomException | IOException e) {
            throw new DicomNetworkException("cannot answer C-STORE of " + in.sopInstance + ": " + e.getMessage());
        }
    }

    /** SOP Instance UIDs are digits and dots; anything else must not reach the file system. */
    static String fileName(String sopInstance) {
        String safe = sopInstance.replaceAll("[^0-9A-Za-z.]", "_");
        if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
            safe = "unnamed-" + System.nanoTime();
        }
        return safe + ".dcm";
    }

    /** A C-STORE sub-operation whose data set is arriving. */
    private static final class Incoming {
        final byte contextId;
        final String sopClass;
        final String sopInstance;
        final int messageId;
        Path partial;
        OutputStream out;
        IOException error;

        Incoming(byte contextId, String sopClass, String sopInstance, int messageId) {
            this.contextId = contextId;
            this.sopClass = sopClass;
            this.sopInstance = sopInstance;
            this.messageId = messageId;
        }

        void write(byte[] bytes) {
            if (error == null) {
                try {
                    out.write(bytes);
                } catch (IOException e) {
                    fail(e);
                }
            }
        }

        void fail(IOException e) {
            if (error == null) {
                error = e;
            }
        }

        void discard() {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException ignored) {
                // Being discarded anyway.
            }
            try {
                if (partial != null) {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException e) {
                LOG.debug("cannot delete {}", partial, e);
            }
        }
    }

    /** Deletes what an interrupted transfer left behind. */
    void discardPartial() {
        if (incoming != null) {
            incoming.discard();
            incoming = null;
        }
    }
}
