package org.atrium.dicom.internal.ul;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of an A-ASSOCIATE-RQ PDU (PS3.8 section 9.3.2). */
final class AssociateRq {

    int protocolVersion = 1;
    String calledAet;
    String callingAet;
    String applicationContext = Pdu.DICOM_APPLICATION_CONTEXT;
    final List<PresentationContext> contexts = new ArrayList<>();
    /** The largest P-DATA-TF the requestor receives; 0 means no limit. */
    int maxPduLength;

    String implementationClassUid;
    String implementationVersionName;
    final Map<String, RoleSelection> roles = new LinkedHashMap<>();

    static AssociateRq parse(byte[] pdu) throws ProtocolException {
        ByteBuffer body = ByteBuffer.wrap(pdu);
        AssociateRq rq = new AssociateRq();
        ItemCodec.require(body, 68, "A-ASSOCIATE-RQ header");
        rq.protocolVersion = body.getShort() & 0xFFFF;
        body.getShort();
        rq.calledAet = ItemCodec.aeTitle(body);
        rq.callingAet = ItemCodec.aeTitle(body);
        body.position(body.position() + 32);
        rq.applicationContext = null;
        int[] type = new int[1];
        while (body.hasRemaining()) {
            ByteBuffer item = ItemCodec.nextItem(body, type);
            switch (type[0]) {
                case Pdu.ITEM_APPLICATION_CONTEXT -> rq.applicationContext = ItemCodec.ascii(item);
                case Pdu.ITEM_PRESENTATION_CONTEXT_RQ -> rq.contexts.add(parseContext(item));
                case Pdu.ITEM_USER_INFORMATION -> rq.parseUserInformation(item);
                default -> throw new ProtocolException(
                        Pdu.ABORT_UNRECOGNIZED_PDU_PARAMETER,
                        String.format("unknown item type 0x%02X in A-ASSOCIATE-RQ", type[0]));
            }
        }
        if (rq.applicationContext == null) {
            throw new ProtocolException(
                    Pdu.ABORT_INVALID_PDU_PARAMETER_VALUE, "A-ASSOCIATE-RQ without application context");
        }
        return rq;
    }

    private static PresentationContext parseContext(ByteBuffer item) throws ProtocolException {
        ItemCodec.require(item, 4, "presentation context");
        int id = item.get() & 0xFF;
        item.position(item.position() + 3);
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>();
        int[] type = new int[1];
        while (item.hasRemaining()) {
            ByteBuffer sub = ItemCodec.nextItem(item, type);
            if (type[0] == Pdu.ITEM_ABSTRACT_SYNTAX) {
                abstractSyntax = ItemCodec.ascii(sub);
            } else if (type[0] == Pdu.ITEM_TRANSFER_SYNTAX) {
                transferSyntaxes.add(ItemCodec.ascii(sub));
            } else {
                throw new ProtocolException(
                        Pdu.ABORT_UNRECOGNIZED_PDU_PARAMETER,
                        String.format("unknown sub-item 0x%02X in presentation context %d", type[0], id));
            }
        }
        if (abstractSyntax == null || transferSyntaxes.isEmpty() || (id & 1) == 0) {
            throw new ProtocolException(Pdu.ABORT_INVALID_PDU_PARAMETER_VALUE, "malformed presentation context " + id);
        }
        return PresentationContext.proposed(id, abstractSyntax, transferSyntaxes);
    }

    private void parseUserInformation(ByteBuffer item) throws ProtocolException {
        int[] type = new int[1];
        while (item.hasRemaining()) {
            ByteBuffer sub = ItemCodec.nextItem(item, type);
            switch (type[0]) {
                case Pdu.SUB_MAX_LENGTH -> {
                    ItemCodec.require(sub, 4, "maximum length");
                    long max = sub.getInt() & 0xFFFFFFFFL;
                    maxPduLength = max > Integer.MAX_VALUE ? 0 : (int) max;
                }
                case Pdu.SUB_IMPLEMENTATION_CLASS_UID -> implementationClassUid = ItemCodec.ascii(sub);
                case Pdu.SUB_IMPLEMENTATION_VERSION_NAME -> implementationVersionName = ItemCodec.ascii(sub);
                case Pdu.SUB_ROLE_SELECTION -> {
                    RoleSelection role = UserInformation.parseRole(sub);
                    roles.put(role.sopClassUid(), role);
                }
                default -> {
                    // Asynchronous operations window, extended negotiation, user identity: not
                    // negotiated, which the standard allows an acceptor to do by not answering.
                }
            }
        }
    }

    byte[] encode() {
        ItemCodec.Writer w = new ItemCodec.Writer();
        w.u16(protocolVersion).u16(0).aeTitle(calledAet).aeTitle(callingAet).zeros(32);
        w.item(Pdu.ITEM_APPLICATION_CONTEXT, applicationContext);
        for (PresentationContext pc : contexts) {
            ItemCodec.Writer item = new ItemCodec.Writer();
            item.u8(pc.id()).zeros(3).item(Pdu.ITEM_ABSTRACT_SYNTAX, pc.abstractSyntax());
            for (String ts : pc.transferSyntaxes()) {
                item.item(Pdu.ITEM_TRANSFER_SYNTAX, ts);
            }
            w.item(Pdu.ITEM_PRESENTATION_CONTEXT_RQ, item.toByteArray());
        }
        w.item(
                Pdu.ITEM_USER_INFORMATION,
                UserInformation.encode(
                        maxPduLength, implementationClassUid, implementationVersionName, roles.values()));
        return w.toByteArray();
    }
}
