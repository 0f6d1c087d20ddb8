package org.atrium.dicom.internal.pixelmed;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TransferSyntax;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.Tag;
import org.atrium.dicom.UID;

/**
 * {@link DicomFiles} on PixelMed. Pixel data is never decompressed or transcoded: it is read and
 * written as it is, and writing it in a transfer syntax of another kind is refused.
 *
 * <p>PixelMed's reader logs and swallows some errors and stops early; every read here therefore
 * checks that it consumed all of its input, so a truncated or foreign file is an {@link
 * IOException} and never a silently shorter data set. Stateless and thread-safe.
 */
public final class PixelMedFiles implements DicomFiles {

    /** Source AE title written into File Meta Information when the data set has none. */
    static final String SOURCE_AET = "ATRIUM";

    private static final int PREAMBLE_LENGTH = 128;
    private static final byte[] DICM = "DICM".getBytes(StandardCharsets.US_ASCII);
    private static final java.util.Set<String> NATIVE_SYNTAXES = java.util.Set.of(
            UID.ImplicitVRLittleEndian,
            UID.ExplicitVRLittleEndian,
            UID.ExplicitVRBigEndian,
            UID.DeflatedExplicitVRLittleEndian);
    private static final AttributeTag PIXEL_DATA = PixelMedAttributes.tagOf(Tag.PixelData);

    @Override
    public Attributes newAttributes() {
        return new PixelMedAttributes();
    }

    @Override
    public Attributes readHeader(Path file) throws IOException {
        return readFile(file, true);
    }

    @Override
    public Attributes read(Path file) throws IOException {
        return readFile(file, false);
    }

    /**
     * Only the given top-level attributes, the Specific Character Set and the Transfer Syntax UID:
     * the header is walked without decoding and only those elements are parsed. Files the walk
     * does not cover are read in full.
     */
    @Override
    public Attributes readHeader(Path file, int... tags) throws IOException {
        Objects.requireNonNull(file, "file");
        java.util.Set<Integer> wanted = new java.util.HashSet<>();
        for (int tag : tags) {
            wanted.add(tag);
        }
        HeaderScanner.Selection selection = HeaderScanner.scan(file, wanted);
        if (selection == null) {
            return readHeader(file);
        }
        AttributeList list = new AttributeList();
        try {
            long end = list.read(
                    new DicomInputStream(new ByteArrayInputStream(selection.elements()), selection.parseAs(), false));
            if (end != selection.elements().length) {
                throw new IOException("not a readable DICOM file: " + file + " (its header elements do not parse)");
            }
            com.pixelmed.dicom.UniqueIdentifierAttribute syntax =
                    new com.pixelmed.dicom.UniqueIdentifierAttribute(PixelMedAttributes.tagOf(Tag.TransferSyntaxUID));
            syntax.addValue(selection.transferSyntaxUid());
            list.put(syntax);
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            throw new IOException("not a readable DICOM file: " + file + ": " + e.getMessage(), e);
        }
        return new PixelMedAttributes(list, selection.transferSyntaxUid());
    }

    /** Reads a file; {@code header} stops before the pixel data. */
    public PixelMedAttributes readFile(Path file, boolean header) throws IOException {
        return read(file, header).attributes();
    }

    /**
     * A file read up to its pixel data, and where in the file the Pixel Data element (7FE0,0010)
     * starts: its tag, then VR and length. {@code pixelDataOffset} is -1 when the file has no
     * pixel data, or when it is deflated (offsets in the file mean nothing then).
     */
    record Header(PixelMedAttributes attributes, long pixelDataOffset) {}

    Header readHeaderLocatingPixelData(Path file) throws IOException {
        return read(file, true);
    }

    private Header read(Path file, boolean header) throws IOException {
        Objects.requireNonNull(file, "file");
        long size = Files.size(file);
        byte[] head = readHead(file, PREAMBLE_LENGTH + DICM.length);
        boolean part10 = hasPart10Prefix(head);
        String bareTransferSyntax = part10 ? null : guessBareTransferSyntax(head);
        if (!part10 && bareTransferSyntax == null) {
            throw new IOException(
                    "not a DICOM file: " + file + " (no 'DICM' at byte 128 and no data set at its start)");
        }
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        long end;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DicomInputStream dicom =
                    part10 ? new DicomInputStream(in) : new DicomInputStream(in, bareTransferSyntax, false);
            end = header ? list.read(dicom, PIXEL_DATA) : list.read(dicom);
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            throw new IOException("not a readable DICOM file: " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("not a readable DICOM file: " + file + ": " + e.getMessage(), e);
        }
        String transferSyntax = part10
                ? Attribute.getSingleStringValueOrNull(list, PixelMedAttributes.tagOf(Tag.TransferSyntaxUID))
                : bareTransferSyntax;
        if (part10 && transferSyntax == null) {
            throw new IOException(
                    "not a DICOM file: " + file + " (no Transfer Syntax UID in its File Meta Information)");
        }
        if (!hasDataSet(list)) {
            throw new IOException("not a DICOM file: " + file + " (no data set could be read from it)");
        }
        boolean deflated = isDeflated(transferSyntax);
        long pixelDataOffset = -1;
        if (!deflated && end != size) {
            // PixelMed stops right after reading the tag at which it stops.
            long stoppedAt = header && end < size ? tagAt(file, end - 4, transferSyntax) : -1;
            if (stoppedAt < 0x7FE00010L) {
                throw new IOException("DICOM file is truncated or corrupt: " + file + " (reading stopped at byte " + end
                        + " of " + size + ")");
            }
            pixelDataOffset = stoppedAt == 0x7FE00010L ? end - 4 : -1;
        }
        return new Header(new PixelMedAttributes(list, transferSyntax), pixelDataOffset);
    }

    @Override
    public Attributes decode(InputStream in, String transferSyntaxUid) throws IOException {
        Objects.requireNonNull(in, "in");
        TransferSyntax syntax = recognized(transferSyntaxUid);
        byte[] bytes = in.readAllBytes();
        String parseAs = transferSyntaxUid;
        if (isDeflated(transferSyntaxUid)) {
            bytes = inflate(bytes);
            parseAs = TransferSyntax.ExplicitVRLittleEndian;
        }
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        if (bytes.length > 0) {
            long end;
            try {
                end = list.read(new DicomInputStream(new ByteArrayInputStream(bytes), parseAs, false));
            } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
                throw new IOException("cannot decode data set in " + transferSyntaxUid + ": " + e.getMessage(), e);
            }
            if (end != bytes.length) {
                throw new IOException("cannot decode data set in " + transferSyntaxUid
                        + ": it is truncated or corrupt at byte " + end + " of " + bytes.length);
            }
        }
        return new PixelMedAttributes(list, transferSyntaxUid);
    }

    @Override
    public void encode(Attributes dataset, String transferSyntaxUid, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        PixelMedAttributes attributes = PixelMedAttributes.of(Objects.requireNonNull(dataset, "dataset"));
        TransferSyntax syntax = recognized(transferSyntaxUid);
        AttributeList list = withoutGroups(attributes.attributeList());
        requirePixelDataWritable(attributes, list, transferSyntaxUid);
        if (!PixelMedAttributes.encodable(list)) {
            // PixelMed cannot encode some text in its character set: write it all in UTF-8.
            list = PixelMedAttributes.reencodedInUtf8(list);
        }
        OutputStream shielded = new NonClosingOutputStream(out);
        if (isDeflated(transferSyntaxUid)) {
            CountingOutputStream counted = new CountingOutputStream(shielded);
            DeflaterOutputStream deflated =
                    new DeflaterOutputStream(counted, new Deflater(Deflater.DEFAULT_COMPRESSION, true), 1 << 16);
            writeDataSet(list, TransferSyntax.ExplicitVRLittleEndian, deflated);
            deflated.finish();
            if (counted.count % 2 != 0) {
                // PS3.5 A.5: a deflated stream of odd length is padded with one null byte.
                counted.write(0);
            }
        } else {
            writeDataSet(list, transferSyntaxUid, shielded);
        }
        out.flush();
    }

    @Override
    public void write(Attributes dataset, String transferSyntaxUid, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        PixelMedAttributes attributes = PixelMedAttributes.of(Objects.requireNonNull(dataset, "dataset"));
        recognized(transferSyntaxUid);
        AttributeList meta = fileMetaInformation(attributes.attributeList(), transferSyntaxUid);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                writePart10Prefix(out, meta);
                encode(attributes, transferSyntaxUid, out);
            }
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public int tagOf(String keyword) {
        if (keyword == null || keyword.isBlank()) {
            return -1;
        }
        AttributeTag tag = DicomDictionary.StandardDictionary.getTagFromName(keyword.trim());
        return tag == null ? -1 : PixelMedAttributes.intOf(tag);
    }

    @Override
    public String keywordOf(int tag) {
        AttributeTag attributeTag = PixelMedAttributes.tagOf(tag);
        if (attributeTag.isPrivate()) {
            return null;
        }
        DicomDictionary dictionary = DicomDictionary.StandardDictionary;
        String name = dictionary.getNameFromTag(attributeTag);
        if (name == null && attributeTag.isRepeatingGroup()) {
            name = dictionary.getNameFromTag(attributeTag.getTagWithRepeatingGroupBase());
        }
        return name;
    }

    /** File Meta Information (group 2) made for a data set; its SOP Class and Instance UIDs are required. */
    static AttributeList fileMetaInformation(AttributeList dataset, String transferSyntaxUid) throws IOException {
        String sopClass = Attribute.getSingleStringValueOrNull(dataset, PixelMedAttributes.tagOf(Tag.SOPClassUID));
        String sopInstance =
                Attribute.getSingleStringValueOrNull(dataset, PixelMedAttributes.tagOf(Tag.SOPInstanceUID));
        if (sopClass == null || sopInstance == null) {
            throw new IOException("cannot write a Part 10 file: the data set has no SOP Class UID or SOP Instance UID");
        }
        String sourceAet = Attribute.getSingleStringValueOrNull(dataset, new AttributeTag(0x0002, 0x0016));
        AttributeList meta = new AttributeList();
        try {
            FileMetaInformation.addFileMetaInformation(
                    meta,
                    sopClass.trim(),
                    sopInstance.trim(),
                    transferSyntaxUid,
                    sourceAet == null ? SOURCE_AET : sourceAet.trim());
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException("cannot make File Meta Information: " + e.getMessage(), e);
        }
        return meta;
    }

    /**
     * Where the data set of a Part 10 file starts, from the File Meta Information Group Length,
     * or -1 when the file does not have one where it belongs.
     */
    static long dataSetOffset(Path file) throws IOException {
        byte[] head = readHead(file, PREAMBLE_LENGTH + DICM.length + 12);
        if (!hasPart10Prefix(head) || head.length < PREAMBLE_LENGTH + DICM.length + 12) {
            return -1;
        }
        int at = PREAMBLE_LENGTH + DICM.length;
        boolean groupLength = head[at] == 0x02
                && head[at + 1] == 0
                && head[at + 2] == 0
                && head[at + 3] == 0
                && head[at + 4] == 'U'
                && head[at + 5] == 'L'
                && head[at + 6] == 4
                && head[at + 7] == 0;
        if (!groupLength) {
            return -1;
        }
        long length = (head[at + 8] & 0xFFL)
                | (head[at + 9] & 0xFFL) << 8
                | (head[at + 10] & 0xFFL) << 16
                | (head[at + 11] & 0xFFL) << 24;
        long offset = at + 12 + length;
        return offset <= Files.size(file) ? offset : -1;
    }

    /** Preamble, "DICM" and File Meta Information, after which a data set in {@code transferSyntaxUid} follows. */
    static void writePart10Prefix(
            OutputStream out, String sopClass, String sopInstance, String transferSyntaxUid, String sourceAet)
            throws IOException {
        AttributeList meta = new AttributeList();
        try {
            FileMetaInformation.addFileMetaInformation(
                    meta,
                    sopClass,
                    sopInstance,
                    transferSyntaxUid,
                    sourceAet == null || sourceAet.isBlank() ? SOURCE_AET : sourceAet.trim());
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException("cannot make File Meta Information: " + e.getMessage(), e);
        }
        writePart10Prefix(out, meta);
    }

    /**
     * Writes the meta group itself, always Explicit VR Little Endian with its group length:
     * PixelMed's stream writer leaves group 2 out of data sets.
     */
    private static void writePart10Prefix(OutputStream out, AttributeList meta) throws IOException {
        ByteArrayOutputStream elements = new ByteArrayOutputStream();
        for (Attribute attribute : meta.values()) {
            if (attribute.getGroup() != 0x0002 || attribute.getElement() == 0x0000) {
                continue;
            }
            String vr = attribute.getVRAsString();
            byte[] value;
            try {
                if ("OB".equals(vr)) {
                    value = attribute.getByteValues();
                } else {
                    String joined = String.join("\\", Attribute.getStringValues(attribute));
                    value = padded(joined.getBytes(StandardCharsets.US_ASCII), "UI".equals(vr) ? (byte) 0 : (byte) ' ');
                }
            } catch (com.pixelmed.dicom.DicomException e) {
                throw new IOException("cannot encode File Meta Information: " + e.getMessage(), e);
            }
            value = value == null ? new byte[0] : padded(value, (byte) 0);
            writeExplicitLittleEndian(elements, attribute.getElement(), vr, value);
        }
        byte[] group = elements.toByteArray();
        byte[] length = {
            (byte) group.length, (byte) (group.length >>> 8), (byte) (group.length >>> 16), (byte) (group.length >>> 24)
        };
        out.write(new byte[PREAMBLE_LENGTH]);
        out.write(DICM);
        writeExplicitLittleEndian(out, 0x0000, "UL", length);
        out.write(group);
    }

    private static void writeExplicitLittleEndian(OutputStream out, int element, String vr, byte[] value)
            throws IOException {
        out.write(new byte[] {0x02, 0x00, (byte) element, (byte) (element >>> 8)});
        out.write(vr.getBytes(StandardCharsets.US_ASCII));
        if ("OB".equals(vr) || "UN".equals(vr) || "SQ".equals(vr) || "UT".equals(vr)) {
            out.write(new byte[] {
                0,
                0,
                (byte) value.length,
                (byte) (value.length >>> 8),
                (byte) (value.length >>> 16),
                (byte) (value.length >>> 24)
            });
        } else {
            out.write(new byte[] {(byte) value.length, (byte) (value.length >>> 8)});
        }
        out.write(value);
    }

    private static byte[] padded(byte[] value, byte pad) {
        if (value.length % 2 == 0) {
            return value;
        }
        byte[] even = java.util.Arrays.copyOf(value, value.length + 1);
        even[value.length] = pad;
        return even;
    }

    private static void writeDataSet(AttributeList list, String transferSyntaxUid, OutputStream out)
            throws IOException {
        try {
            DicomOutputStream dicom = new DicomOutputStream(out, null, transferSyntaxUid);
            list.write(dicom, false);
            dicom.flush();
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException("cannot encode data set in " + transferSyntaxUid + ": " + e.getMessage(), e);
        }
    }

    /** The data set proper: command (0000) and File Meta Information (0002) groups left out. */
    private static AttributeList withoutGroups(AttributeList source) {
        AttributeList list = new AttributeList();
        for (Attribute attribute : source.values()) {
            int group = attribute.getGroup();
            if (group != 0x0000 && group != 0x0002) {
                list.put(attribute);
            }
        }
        return list;
    }

    /** Pixel data stays as it is: compressed data only in its own transfer syntax, native data only in a native one. */
    private static void requirePixelDataWritable(
            PixelMedAttributes attributes, AttributeList list, String transferSyntaxUid) throws IOException {
        Attribute pixels = list.get(PIXEL_DATA);
        if (pixels == null) {
            return;
        }
        boolean encapsulated =
                pixels instanceof OtherByteAttributeMultipleCompressedFrames || pixels.getVL() == 0xFFFFFFFFL;
        boolean targetEncapsulated = !NATIVE_SYNTAXES.contains(transferSyntaxUid);
        String source = attributes.sourceTransferSyntax();
        if (encapsulated != targetEncapsulated
                || (encapsulated && source != null && !source.equals(transferSyntaxUid))) {
            throw new IOException("cannot write " + (encapsulated ? "compressed" : "uncompressed") + " pixel data"
                    + (source == null ? "" : " read in " + source) + " in transfer syntax " + transferSyntaxUid
                    + ": pixel data is not transcoded");
        }
    }

    private static TransferSyntax recognized(String transferSyntaxUid) throws IOException {
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
        TransferSyntax syntax = new TransferSyntax(transferSyntaxUid.trim());
        boolean known = UID.ACCEPTED_TRANSFER_SYNTAXES.contains(transferSyntaxUid.trim()) || syntax.isRecognized();
        if (!known || syntax.isBzip2ed()) {
            throw new IOException("unsupported transfer syntax: " + transferSyntaxUid);
        }
        return syntax;
    }

    private static boolean isDeflated(String transferSyntaxUid) {
        return transferSyntaxUid != null && UID.DeflatedExplicitVRLittleEndian.equals(transferSyntaxUid.trim());
    }

    private static boolean hasDataSet(AttributeList list) {
        for (AttributeTag tag : list.keySet()) {
            if (tag.getGroup() > 0x0002) {
                return true;
            }
        }
        return false;
    }

    private static byte[] readHead(Path file, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(length);
        }
    }

    private static boolean hasPart10Prefix(byte[] head) {
        if (head.length < PREAMBLE_LENGTH + DICM.length) {
            return false;
        }
        for (int i = 0; i < DICM.length; i++) {
            if (head[PREAMBLE_LENGTH + i] != DICM[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The transfer syntax of a data set written without preamble and meta header, from its first
     * element, or {@code null} when it does not start like a data set. Data sets start with a low
     * group (0002 to 0028), which text and most other formats do not.
     */
    static String guessBareTransferSyntax(byte[] head) {
        if (head.length < 8) {
            return null;
        }
        int littleEndianGroup = (head[0] & 0xFF) | (head[1] & 0xFF) << 8;
        int bigEndianGroup = (head[0] & 0xFF) << 8 | (head[1] & 0xFF);
        boolean explicit = isVr(head[4], head[5]);
        if (plausibleFirstGroup(littleEndianGroup)) {
            return explicit ? UID.ExplicitVRLittleEndian : UID.ImplicitVRLittleEndian;
        }
        if (plausibleFirstGroup(bigEndianGroup) && explicit) {
            return UID.ExplicitVRBigEndian;
        }
        return null;
    }

    private static boolean plausibleFirstGroup(int group) {
        return group >= 0x0002 && group <= 0x0028 && group % 2 == 0;
    }

    private static boolean isVr(byte first, byte second) {
        if (first < 'A' || first > 'Z' || second < 'A' || second > 'Z') {
            return false;
        }
        String vr = new String(new byte[] {first, second}, StandardCharsets.US_ASCII);
        return "AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV"
                .contains(vr);
    }

    /** The tag at a byte offset of a file, unsigned, or -1. */
    private static long tagAt(Path file, long offset, String transferSyntax) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (offset < 0 || offset + 4 > raf.length()) {
                return -1;
            }
            raf.seek(offset);
            byte[] b = new byte[4];
            raf.readFully(b);
            boolean bigEndian = transferSyntax != null && TransferSyntax.isBigEndian(transferSyntax);
            int group = bigEndian ? (b[0] & 0xFF) << 8 | (b[1] & 0xFF) : (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
            int element = bigEndian ? (b[2] & 0xFF) << 8 | (b[3] & 0xFF) : (b[2] & 0xFF) | (b[3] & 0xFF) << 8;
            return ((long) group << 16) | element;
        }
    }

    private static byte[] inflate(byte[] deflated) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, deflated.length * 4));
            byte[] buffer = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("deflated data set is truncated");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IOException("deflated data set is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Keeps PixelMed's streams from closing a stream that the caller owns. */
    private static final class NonClosingOutputStream extends FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
