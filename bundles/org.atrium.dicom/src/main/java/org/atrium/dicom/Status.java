package org.atrium.dicom;

/** DIMSE status codes (PS3.7 Annex C and the service classes of PS3.4). */
public final class Status {

    private Status() {}

    public static final int Success = 0x0000;
    public static final int Pending = 0xFF00;
    public static final int PendingWarning = 0xFF01;
    public static final int Cancel = 0xFE00;
    public static final int ProcessingFailure = 0x0110;
    public static final int DuplicateSOPInstance = 0x0111;
    public static final int NoSuchSOPClass = 0x0118;
    public static final int SOPClassNotSupported = 0x0122;
    public static final int OutOfResources = 0xA700;
    public static final int OutOfResourcesNumberOfMatches = 0xA701;
    public static final int OutOfResourcesSubOperations = 0xA702;
    public static final int MoveDestinationUnknown = 0xA801;
    public static final int IdentifierDoesNotMatchSOPClass = 0xA900;
    public static final int DataSetDoesNotMatchSOPClass = 0xA900;
    public static final int CannotUnderstand = 0xC000;
    public static final int UnableToProcess = 0xC001;
    public static final int SubOperationsCompleteWithFailures = 0xB000;

    public static boolean isPending(int status) {
        return status == Pending || status == PendingWarning;
    }

    public static boolean isFailure(int status) {
        return !(status == Success || isPending(status) || isWarning(status) || status == Cancel);
    }

    public static boolean isWarning(int status) {
        return status == 0x0001 || (status & 0xF000) == 0xB000;
    }

    public static String toString(int status) {
        return String.format("0x%04X", status);
    }
}
