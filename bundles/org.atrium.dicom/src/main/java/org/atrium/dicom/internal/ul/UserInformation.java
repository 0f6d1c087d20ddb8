package org.atrium.dicom.internal.ul;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** Encodes the User Information item shared by A-ASSOCIATE-RQ and -AC (PS3.8 D.1, PS3.7 D.3.3). */
final class UserInformation {

    private UserInformation() {}

    static byte[] encode(
            int maxPduLength,
            String implementationClassUid,
            String implementationVersionName,
            Collection<RoleSelection> roles) {
        ItemCodec.Writer w = new ItemCodec.Writer();
        w.u8(Pdu.SUB_MAX_LENGTH).u8(0).u16(4).u32(maxPduLength);
        w.item(Pdu.SUB_IMPLEMENTATION_CLASS_UID, implementationClassUid);
        for (RoleSelection role : roles) {
            byte[] uid = role.sopClassUid().getBytes(StandardCharsets.US_ASCII);
            ItemCodec.Writer sub = new ItemCodec.Writer();
            sub.u16(uid.length).bytes(uid).u8(role.scu() ? 1 : 0).u8(role.scp() ? 1 : 0);
            w.item(Pdu.SUB_ROLE_SELECTION, sub.toByteArray());
        }
        if (implementationVersionName != null) {
            w.item(Pdu.SUB_IMPLEMENTATION_VERSION_NAME, implementationVersionName);
        }
        return w.toByteArray();
    }

    /** An SCP/SCU Role Selection sub-item's value: UID length, UID, SCU role, SCP role. */
    static RoleSelection parseRole(ByteBuffer sub) throws ProtocolException {
        ItemCodec.require(sub, 2, "role selection");
        int uidLength = sub.getShort() & 0xFFFF;
        ItemCodec.require(sub, uidLength + 2, "role selection");
        ByteBuffer uid = sub.slice();
        uid.limit(uidLength);
        sub.position(sub.position() + uidLength);
        return new RoleSelection(ItemCodec.ascii(uid), sub.get() == 1, sub.get() == 1);
    }
}
