package org.atrium.dicom.internal.pixelmed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;

/**
 * Walks a Part 10 file's data set up to its pixel data without decoding it, and copies out the
 * raw elements of a few top-level tags (plus Specific Character Set), so that only those are
 * parsed. PixelMed builds log strings for every element it reads, which made a full header read
 * most of the cost of storing an object.
 *
 * <p>Covers files with a preamble and File Meta Information in the little endian transfer
 * syntaxes (implicit, explicit, and the encapsulated ones, whose data set is explicit little
 * endian). Answers {@code null} for anything else (big endian, deflated, bare data sets): the
 * caller reads those in full. The walk checks the structure as far as it goes: an element or
 * item that runs past the end of the file is an {@link IOException}.
 */
final class HeaderScanner {

    /** The elements found, encoded as a bare data set in {@code parseAs}. */
    record Selection(String transferSyntaxUid, String parseAs, byte[] elements) {}

    private static final int PREAMBLE = 128;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final int MAX_DEPTH = 64;
    private static final Set<String> LONG_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long bufferStart;

    private HeaderScanner(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.size = channel.size();
        buffer.limit(0);
    }

    /** The selected elements, or {@code null} when this file needs a full read. */
    static Selection scan(Path file, Set<Integer> tags) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new HeaderScanner(file, channel).scan(tags);
        }
    }

    private Selection scan(Set<Integer> tags) throws IOException {
        if (size < PREAMBLE + 4) {
            return null;
        }
        seek(PREAMBLE);
        if (!"DICM".equals(new String(bytes(4), StandardCharsets.US_ASCII))) {
            return null;
        }
        String transferSyntax = null;
        while (position() + 8 <= size && peekGroup() == 0x0002) {
            int tag = readTag();
            String vr = new String(bytes(2), StandardCharsets.US_ASCII);
            long length = LONG_VRS.contains(vr) ? skipAndRead32() : u16();
            checkLength(length);
            if (tag == Tag.TransferSyntaxUID) {
                transferSyntax = trim(new String(bytes((int) length), StandardCharsets.US_ASCII));
            } else {
                skip(length);
            }
        }
        if (transferSyntax == null
                || transferSyntax.equals(UID.ExplicitVRBigEndian)
                || transferSyntax.equals(UID.DeflatedExplicitVRLittleEndian)) {
            return null;
        }
        boolean implicit = transferSyntax.equals(UID.ImplicitVRLittleEndian);
        ByteArrayOutputStream selected = new ByteArrayOutputStream(1024);
        while (position() < size) {
            long start = position();
            int tag = readTag();
            String vr = implicit ? null : new String(bytes(2), StandardCharsets.US_ASCII);
            long length = vr == null ? u32() : LONG_VRS.contains(vr) ? skipAndRead32() : u16();
            if (Integer.compareUnsigned(tag, Tag.PixelData) >= 0) {
                if (length != UNDEFINED) {
                    checkLength(length);
                }
                break;
            }
            if (length == UNDEFINED) {
                skipSequence(implicit || "UN".equals(vr), 0);
                continue;
            }
            checkLength(length);
            if (tags.contains(tag) || tag == Tag.SpecificCharacterSet) {
                long end = position() + length;
                seek(start);
                selected.write(bytes((int) (end - start)));
            } else {
                skip(length);
            }
        }
        return new Selection(
                transferSyntax,
                implicit ? UID.ImplicitVRLittleEndian : UID.ExplicitVRLittleEndian,
                selected.toByteArray());
    }

    /** Skips the items of a sequence of undefined length, up to and including its delimiter. */
    private void skipSequence(boolean implicit, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw corrupt("sequences nested deeper than " + MAX_DEPTH);
        }
        while (true) {
            int tag = readTag();
            long length = u32();
            if (tag == SEQUENCE_END) {
                return;
            }
            if (tag != ITEM) {
                throw corrupt(String.format("(%04X,%04X) where a sequence item belongs", tag >>> 16, tag & 0xFFFF));
            }
            if (length == UNDEFINED) {
                skipItem(implicit, depth);
            } else {
                checkLength(length);
                skip(length);
            }
        }
    }

    /** Skips the elements of an item of undefined length, up to and including its delimiter. */
    private void skipItem(boolean implicit, int depth) throws IOException {
        while (true) {
            int tag = readTag();
            if (tag == ITEM_END) {
                u32();
                return;
            }
            String vr = implicit ? null : new String(bytes(2), StandardCharsets.US_ASCII);
            long length = vr == null ? u32() : LONG_VRS.contains(vr) ? skipAndRead32() : u16();
            if (length == UNDEFINED) {
                skipSequence(implicit || "UN".equals(vr), depth + 1);
            } else {
                checkLength(length);
                skip(length);
            }
        }
    }

    private IOException corrupt(String what) {
        return new IOException("DICOM file is truncated or corrupt: " + file + " (" + what + " at byte " + position()
                + " of " + size + ")");
    }

    private void checkLength(long length) throws IOException {
        if (length > size - position()) {
            throw corrupt("an element of " + length + " bytes runs past the end");
        }
    }

    private static String trim(String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == 0 || value.charAt(end - 1) == ' ')) {
            end--;
        }
        return value.substring(0, end);
    }

    // ---------------------------------------------------------------- buffered little endian reads

    private long position() {
        return bufferStart + buffer.position();
    }

    private void seek(long position) {
        if (position >= bufferStart && position <= bufferStart + buffer.limit()) {
            buffer.position((int) (position - bufferStart));
        } else {
            bufferStart = position;
            buffer.limit(0);
        }
    }

    private void skip(long bytes) {
        seek(position() + bytes);
    }

    private void require(int bytes) throws IOException {
        if (buffer.remaining() >= bytes) {
            return;
        }
        if (position() + bytes > size) {
            throw corrupt("the file ends inside an element");
        }
        long at = position();
        bufferStart = at;
        buffer.clear();
        if (bytes > buffer.capacity()) {
            throw corrupt("an element of " + bytes + " bytes in the header");
        }
        while (buffer.position() < bytes) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                throw corrupt("the file ends inside an element");
            }
        }
        buffer.flip();
    }

    private int peekGroup() throws IOException {
        require(2);
        return Short.toUnsignedInt(buffer.getShort(buffer.position()));
    }

    private int readTag() throws IOException {
        require(4);
        int group = Short.toUnsignedInt(buffer.getShort());
        int element = Short.toUnsignedInt(buffer.getShort());
        return group << 16 | element;
    }

    private int u16() throws IOException {
        require(2);
        return Short.toUnsignedInt(buffer.getShort());
    }

    private long u32() throws IOException {
        require(4);
        return Integer.toUnsignedLong(buffer.getInt());
    }

    private long skipAndRead32() throws IOException {
        require(6);
        buffer.getShort();
        return Integer.toUnsignedLong(buffer.getInt());
    }

    private byte[] bytes(int count) throws IOException {
        byte[] out = new byte[count];
        int done = 0;
        while (done < count) {
            int chunk = Math.min(count - done, buffer.capacity());
            require(chunk);
            buffer.get(out, done, chunk);
            done += chunk;
        }
        return out;
    }
}
