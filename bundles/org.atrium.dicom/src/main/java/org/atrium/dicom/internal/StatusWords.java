package org.atrium.dicom.internal;

import org.atrium.dicom.Status;

/** DIMSE statuses in words, for messages (PS3.7 Annex C, PS3.4 C.4). */
public final class StatusWords {

    private StatusWords() {}

    public static String meaning(int status) {
        String words =
                switch (status) {
                    case Status.Success -> "success";
                    case Status.Cancel -> "cancelled";
                    case Status.ProcessingFailure -> "processing failure";
                    case Status.DuplicateSOPInstance -> "duplicate SOP instance";
                    case Status.NoSuchSOPClass -> "no such SOP class";
                    case Status.SOPClassNotSupported -> "SOP class not supported";
                    case 0x0124 -> "not authorized";
                    case 0x0211 -> "unrecognized operation";
                    case Status.OutOfResources -> "out of resources";
                    case Status
                            .OutOfResourcesNumberOfMatches -> "out of resources: unable to calculate number of matches";
                    case Status.OutOfResourcesSubOperations -> "out of resources: unable to perform sub-operations";
                    case Status.MoveDestinationUnknown -> "move destination unknown";
                    case Status.IdentifierDoesNotMatchSOPClass -> "data set or identifier does not match SOP class";
                    case Status
                            .SubOperationsCompleteWithFailures -> "sub-operations complete with one or more failures";
                    case -1 -> "no final response";
                    default -> null;
                };
        if (words == null) {
            if ((status & 0xF000) == 0xC000) {
                words = "unable to process";
            } else if ((status & 0xF000) == 0xA700) {
                words = "out of resources";
            } else if (Status.isWarning(status)) {
                words = "warning";
            } else {
                words = "failure";
            }
        }
        return words;
    }
}
