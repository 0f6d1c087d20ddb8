package org.atrium.dicom.internal.ul;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of an A-ASSOCIATE-AC PDU (PS3.8 section 9.3.3). */
final class AssociateAc {

    String calledAet;
    String callingAet;
    String applicationContext = Pdu.DICOM_APPLICATION_CONTEXT;
    /** Negotiated contexts; for a parsed AC only id, result and transfer syntax are known. */
    final List<PresentationContext> contexts = new ArrayList<>();

    int maxPduLength;
    String implementationClassUid;
    String implementationVersionName;
    final Map<String, RoleSelection> roles = new LinkedHashMap<>();

    byte[] encode() {
        ItemCodec.Writer w = new ItemCodec.Writer();
        w.u16(1).u16(0).aeTitle(calledAet).aeTitle(callingAet).zeros(32);
        w.item(Pdu.ITEM_APPLICATION_CONTEXT, applicationContext);
        for (PresentationContext pc : contexts) {
            // The transfer syntax of a rejected context is not significant but the sub-item must be there.
            String ts =
                    pc.accepted() ? pc.transferSyntax() : pc.transferSyntaxes().get(0);
            ItemCodec.Writer item = new ItemCodec.Writer();
            item.u8(pc.id()).u8(0).u8(pc.result()).u8(0).item(Pdu.ITEM_TRANSFER_SYNTAX, ts);
            w.item(Pdu.ITEM_PRESENTATION_CONTEXT_AC, item.toByteArray());
        }
        w.item(
                Pdu.ITEM_USER_INFORMATION,
                UserInformation.encode(
                        maxPduLength, implementationClassUid, implementationVersionName, roles.values()));
        return w.toByteArray();
    }

    static AssociateAc parse(byte[] pdu) throws ProtocolException {
        ByteBuffer body = ByteBuffer.wrap(pdu);
        AssociateAc ac = new AssociateAc();
        ItemCodec.require(body, 68, "A-ASSOCIATE-AC header");
        body.getInt();
        ac.calledAet = ItemCodec.aeTitle(body);
        ac.callingAet = ItemCodec.aeTitle(body);
        body.position(body.position() + 32);
        int[] type = new int[1];
        while (body.hasRemaining()) {
            ByteBuffer item = ItemCodec.nextItem(body, type);
            switch (type[0]) {
                case Pdu.ITEM_APPLICATION_CONTEXT -> ac.applicationContext = ItemCodec.ascii(item);
                case Pdu.ITEM_PRESENTATION_CONTEXT_AC -> {
                    ItemCodec.require(item, 4, "presentation context");
                    int id = item.get() & 0xFF;
                    item.get();
                    int result = item.get() & 0xFF;
                    item.get();
                    String ts = null;
                    while (item.hasRemaining()) {
                        ByteBuffer sub = ItemCodec.nextItem(item, type);
                        if (type[0] == Pdu.ITEM_TRANSFER_SYNTAX) {
                            ts = ItemCodec.ascii(sub);
                        }
                    }
                    ac.contexts.add(new PresentationContext(id, null, List.of(), result, ts, false));
                }
                case Pdu.ITEM_USER_INFORMATION -> {
                    while (item.hasRemaining()) {
                        ByteBuffer sub = ItemCodec.nextItem(item, type);
                        if (type[0] == Pdu.SUB_MAX_LENGTH && sub.remaining() >= 4) {
                            long max = sub.getInt() & 0xFFFFFFFFL;
                            ac.maxPduLength = max > Integer.MAX_VALUE ? 0 : (int) max;
                        } else if (type[0] == Pdu.SUB_IMPLEMENTATION_CLASS_UID) {
                            ac.implementationClassUid = ItemCodec.ascii(sub);
                        } else if (type[0] == Pdu.SUB_IMPLEMENTATION_VERSION_NAME) {
                            ac.implementationVersionName = ItemCodec.ascii(sub);
                        } else if (type[0] == Pdu.SUB_ROLE_SELECTION) {
                            RoleSelection role = UserInformation.parseRole(sub);
                            ac.roles.put(role.sopClassUid(), role);
                        }
                    }
                }
                default -> throw new ProtocolException(
                        Pdu.ABORT_UNRECOGNIZED_PDU_PARAMETER,
                        String.format("unknown item type 0x%02X in A-ASSOCIATE-AC", type[0]));
            }
        }
        return ac;
    }
}
