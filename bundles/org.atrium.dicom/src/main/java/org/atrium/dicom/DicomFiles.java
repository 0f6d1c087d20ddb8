package org.atrium.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/** Reading and writing DICOM data sets and Part 10 files, and the data dictionary. */
@ProviderType
public interface DicomFiles {

    Attributes newAttributes();

    /**
     * Reads a Part 10 file up to (not including) its pixel data: File Meta Information (group 2)
     * and the data set header. Throws {@link IOException} for anything that is not DICOM.
     */
    Attributes readHeader(Path file) throws IOException;

    /**
     * Reads only the given top-level attributes of a Part 10 file, with its Transfer Syntax UID
     * and Specific Character Set: several times faster than {@link #readHeader(Path)} where that
     * is all a caller needs (indexing an incoming object), with the same checks of the file's
     * structure up to the pixel data. Attributes inside sequences are not read.
     */
    default Attributes readHeader(Path file, int... tags) throws IOException {
        return readHeader(file);
    }

    /** Reads a whole Part 10 file. */
    Attributes read(Path file) throws IOException;

    /** Decodes a bare data set (no preamble, no meta header) in the given transfer syntax. */
    Attributes decode(InputStream in, String transferSyntaxUid) throws IOException;

    /** Encodes a bare data set in the given transfer syntax. */
    void encode(Attributes dataset, String transferSyntaxUid, OutputStream out) throws IOException;

    /** Writes a Part 10 file with a File Meta Information header made for the data set. */
    void write(Attributes dataset, String transferSyntaxUid, Path file) throws IOException;

    /** The tag of a dictionary keyword such as {@code PatientName}, or {@code -1}. */
    int tagOf(String keyword);

    /** The keyword of a tag, or {@code null} for private and unknown tags. */
    String keywordOf(int tag);
}
