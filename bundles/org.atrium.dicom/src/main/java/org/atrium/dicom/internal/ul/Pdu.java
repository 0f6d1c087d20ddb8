package org.atrium.dicom.internal.ul;

/** PDU and item type codes and reject/abort parameters of the upper layer protocol (PS3.8 section 9.3). */
final class Pdu {

    private Pdu() {}

    static final int ASSOCIATE_RQ = 0x01;
    static final int ASSOCIATE_AC = 0x02;
    static final int ASSOCIATE_RJ = 0x03;
    static final int P_DATA_TF = 0x04;
    static final int RELEASE_RQ = 0x05;
    static final int RELEASE_RP = 0x06;
    static final int ABORT = 0x07;

    static final int ITEM_APPLICATION_CONTEXT = 0x10;
    static final int ITEM_PRESENTATION_CONTEXT_RQ = 0x20;
    static final int ITEM_PRESENTATION_CONTEXT_AC = 0x21;
    static final int ITEM_ABSTRACT_SYNTAX = 0x30;
    static final int ITEM_TRANSFER_SYNTAX = 0x40;
    static final int ITEM_USER_INFORMATION = 0x50;
    static final int SUB_MAX_LENGTH = 0x51;
    static final int SUB_IMPLEMENTATION_CLASS_UID = 0x52;
    static final int SUB_ROLE_SELECTION = 0x54;
    static final int SUB_IMPLEMENTATION_VERSION_NAME = 0x55;

    static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    /** Presentation context results in an A-ASSOCIATE-AC (PS3.8 Table 9-18). */
    static final int PC_ACCEPTANCE = 0;

    static final int PC_USER_REJECTION = 1;
    static final int PC_ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    static final int PC_TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    /** A-ASSOCIATE-RJ result, source and reason (PS3.8 Table 9-21). */
    static final int RJ_PERMANENT = 1;

    static final int RJ_TRANSIENT = 2;
    static final int RJ_SOURCE_USER = 1;
    static final int RJ_SOURCE_PROVIDER_ACSE = 2;
    static final int RJ_SOURCE_PROVIDER_PRESENTATION = 3;
    static final int RJ_USER_NO_REASON = 1;
    static final int RJ_USER_APPLICATION_CONTEXT_NOT_SUPPORTED = 2;
    static final int RJ_USER_CALLING_AE_NOT_RECOGNIZED = 3;
    static final int RJ_USER_CALLED_AE_NOT_RECOGNIZED = 7;
    static final int RJ_ACSE_PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    static final int RJ_PRESENTATION_LOCAL_LIMIT_EXCEEDED = 2;

    /** A-ABORT source and reason (PS3.8 Table 9-26). */
    static final int ABORT_SOURCE_USER = 0;

    static final int ABORT_SOURCE_PROVIDER = 2;
    static final int ABORT_REASON_NOT_SPECIFIED = 0;
    static final int ABORT_UNRECOGNIZED_PDU = 1;
    static final int ABORT_UNEXPECTED_PDU = 2;
    static final int ABORT_UNRECOGNIZED_PDU_PARAMETER = 4;
    static final int ABORT_UNEXPECTED_PDU_PARAMETER = 5;
    static final int ABORT_INVALID_PDU_PARAMETER_VALUE = 6;

    static String typeName(int type) {
        return switch (type) {
            case ASSOCIATE_RQ -> "A-ASSOCIATE-RQ";
            case ASSOCIATE_AC -> "A-ASSOCIATE-AC";
            case ASSOCIATE_RJ -> "A-ASSOCIATE-RJ";
            case P_DATA_TF -> "P-DATA-TF";
            case RELEASE_RQ -> "A-RELEASE-RQ";
            case RELEASE_RP -> "A-RELEASE-RP";
            case ABORT -> "A-ABORT";
            default -> String.format("unknown PDU type 0x%02X", type);
        };
    }

    static String rejectSource(int source) {
        return switch (source) {
            case RJ_SOURCE_USER -> "DICOM UL service-user";
            case RJ_SOURCE_PROVIDER_ACSE -> "DICOM UL service-provider (ACSE)";
            default -> "DICOM UL service-provider (presentation)";
        };
    }

    static String rejectReason(int source, int reason) {
        if (source == RJ_SOURCE_USER) {
            return switch (reason) {
                case RJ_USER_APPLICATION_CONTEXT_NOT_SUPPORTED -> "application context name not supported";
                case RJ_USER_CALLING_AE_NOT_RECOGNIZED -> "calling AE title not recognized";
                case RJ_USER_CALLED_AE_NOT_RECOGNIZED -> "called AE title not recognized";
                default -> "no reason given";
            };
        }
        if (source == RJ_SOURCE_PROVIDER_ACSE) {
            return reason == RJ_ACSE_PROTOCOL_VERSION_NOT_SUPPORTED
                    ? "protocol version not supported"
                    : "no reason given";
        }
        return reason == RJ_PRESENTATION_LOCAL_LIMIT_EXCEEDED ? "local limit exceeded" : "temporary congestion";
    }
}
