package org.atrium.dicom.internal.ul;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.atrium.dicom.UID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written encodings: DIMSE command sets, A-ASSOCIATE-RQ/AC, File Meta Information. */
class CodecTest {

    @Test
    void commandSetRoundTripsWithGroupLength() throws Exception {
        Command rq = new Command()
                .set(Command.AFFECTED_SOP_CLASS_UID, UID.CTImageStorage)
                .set(Command.COMMAND_FIELD, Command.C_STORE_RQ)
                .set(Command.MESSAGE_ID, 7)
                .set(Command.PRIORITY, 0)
                .set(Command.COMMAND_DATA_SET_TYPE, Command.DATA_SET_PRESENT)
                .set(Command.AFFECTED_SOP_INSTANCE_UID, "1.2.3")
                .set(Command.MOVE_ORIGINATOR_AET, "MOVER");
        byte[] encoded = rq.encode();
        // (0000,0000) UL, 4 bytes, value = length of the rest; odd UIDs padded with NUL, AE with space.
        assertEquals(encoded.length - 12, (encoded[8] & 0xFF) | (encoded[9] & 0xFF) << 8);
        assertEquals(0, encoded.length % 2);
        Command decoded = Command.decode(encoded, encoded.length);
        assertEquals(UID.CTImageStorage, decoded.getString(Command.AFFECTED_SOP_CLASS_UID));
        assertEquals("1.2.3", decoded.getString(Command.AFFECTED_SOP_INSTANCE_UID));
        assertEquals("MOVER", decoded.getString(Command.MOVE_ORIGINATOR_AET));
        assertEquals(Command.C_STORE_RQ, decoded.commandField());
        assertEquals(7, decoded.getInt(Command.MESSAGE_ID, -1));
        assertTrue(decoded.hasDataSet());
        assertThrows(ProtocolException.class, () -> Command.decode(encoded, encoded.length - 3));
    }

    @Test
    void associateRequestRoundTrips() throws Exception {
        AssociateRq rq = new AssociateRq();
        rq.calledAet = "ATRIUM";
        rq.callingAet = "SCU";
        rq.contexts.add(PresentationContext.proposed(1, UID.Verification, List.of(UID.ImplicitVRLittleEndian)));
        rq.contexts.add(PresentationContext.proposed(
                3, UID.CTImageStorage, List.of(UID.JPEGLosslessSV1, UID.ExplicitVRLittleEndian)));
        rq.maxPduLength = 16384;
        rq.implementationClassUid = Part10.IMPLEMENTATION_CLASS_UID;
        rq.roles.put(UID.CTImageStorage, new RoleSelection(UID.CTImageStorage, false, true));
        AssociateRq parsed = AssociateRq.parse(rq.encode());
        assertEquals("ATRIUM", parsed.calledAet);
        assertEquals("SCU", parsed.callingAet);
        assertEquals(Pdu.DICOM_APPLICATION_CONTEXT, parsed.applicationContext);
        assertEquals(2, parsed.contexts.size());
        assertEquals(
                List.of(UID.JPEGLosslessSV1, UID.ExplicitVRLittleEndian),
                parsed.contexts.get(1).transferSyntaxes());
        assertEquals(16384, parsed.maxPduLength);
        assertEquals(new RoleSelection(UID.CTImageStorage, false, true), parsed.roles.get(UID.CTImageStorage));
        byte[] truncated = java.util.Arrays.copyOf(rq.encode(), 90);
        assertThrows(ProtocolException.class, () -> AssociateRq.parse(truncated));
    }

    @Test
    void fileMetaInformationIsReadBack(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("x.dcm");
        byte[] meta = Part10.fileMetaInformation(UID.CTImageStorage, "1.2.3.4", UID.RLELossless, "SENDER");
        Files.write(
                file,
                java.nio.ByteBuffer.allocate(meta.length + 10)
                        .put(meta)
                        .put(new byte[] {8, 0, 0x16, 0, 'U', 'I', 2, 0, '1', 0})
                        .array());
        Part10.Header header = Part10.readHeader(file);
        assertEquals(UID.CTImageStorage, header.sopClassUid());
        assertEquals("1.2.3.4", header.sopInstanceUid());
        assertEquals(UID.RLELossless, header.transferSyntaxUid());
        assertEquals(meta.length, header.dataSetOffset());
        assertEquals(10, header.dataSetLength());
    }
}
