package org.atrium.dicom.internal.ul;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Set;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;

/** Picks the presentation context for a C-STORE sub-operation and opens the data set to send on it. */
final class StoreSender {

    private StoreSender() {}

    private static final Set<String> UNCOMPRESSED =
            Set.of(UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian, UID.ExplicitVRBigEndian);
    private static final Set<String> CONVERSION_TARGETS =
            Set.of(UID.ImplicitVRLittleEndian, UID.ExplicitVRLittleEndian);

    /** A data set ready to be sent on a presentation context. */
    record Outgoing(PresentationContext context, InputStream data, long length) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            data.close();
        }
    }

    /**
     * The data set of {@code file} on a context in {@code usable} with the file's own transfer syntax,
     * or converted from one uncompressed transfer syntax to another; {@code null} when no context fits.
     * A header without a data set offset (a file without File Meta Information) is always re-encoded.
     */
    static Outgoing prepare(Collection<PresentationContext> usable, Part10.Header header, Path file, DicomFiles files)
            throws IOException {
        PresentationContext converted = null;
        for (PresentationContext pc : usable) {
            if (!pc.accepted() || !header.sopClassUid().equals(pc.abstractSyntax())) {
                continue;
            }
            if (pc.transferSyntax().equals(header.transferSyntaxUid()) && header.dataSetOffset() >= 0) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                channel.position(header.dataSetOffset());
                InputStream data = new BufferedInputStream(Channels.newInputStream(channel), PduChannel.BUFFER_SIZE);
                return new Outgoing(pc, data, header.dataSetLength());
            }
            if (converted == null
                    && UNCOMPRESSED.contains(header.transferSyntaxUid())
                    && CONVERSION_TARGETS.contains(pc.transferSyntax())) {
                converted = pc;
            }
        }
        if (converted == null) {
            return null;
        }
        Attributes dataset = files.read(file);
        for (int tag : dataset.tags()) {
            if (Tag.group(tag) == 0x0002) {
                dataset.remove(tag);
            }
        }
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream((int) Math.min(Math.max(header.dataSetLength(), 0) + 1024, 1 << 30));
        files.encode(dataset, converted.transferSyntax(), bytes);
        return new Outgoing(converted, new ByteArrayInputStream(bytes.toByteArray()), bytes.size());
    }

    static Command storeRequest(
            int messageId, Part10.Header header, String moveOriginatorAet, int moveOriginatorMessageId) {
        Command rq = new Command()
                .set(Command.AFFECTED_SOP_CLASS_UID, header.sopClassUid())
                .set(Command.COMMAND_FIELD, Command.C_STORE_RQ)
                .set(Command.MESSAGE_ID, messageId)
                .set(Command.PRIORITY, 0)
                .set(Command.COMMAND_DATA_SET_TYPE, Command.DATA_SET_PRESENT)
                .set(Command.AFFECTED_SOP_INSTANCE_UID, header.sopInstanceUid());
        if (moveOriginatorAet != null) {
            rq.set(Command.MOVE_ORIGINATOR_AET, moveOriginatorAet)
                    .set(Command.MOVE_ORIGINATOR_MESSAGE_ID, moveOriginatorMessageId);
        }
        return rq;
    }
}
