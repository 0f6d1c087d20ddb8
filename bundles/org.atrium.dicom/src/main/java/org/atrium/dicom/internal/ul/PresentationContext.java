package org.atrium.dicom.internal.ul;

import java.util.List;

/**
 * A presentation context as proposed ({@code transferSyntaxes} holds the proposals) or as negotiated
 * ({@code result} and the one accepted {@code transferSyntax}).
 *
 * @param requestorScp the requestor may act as SCP on this context (SCP/SCU role selection accepted)
 */
record PresentationContext(
        int id,
        String abstractSyntax,
        List<String> transferSyntaxes,
        int result,
        String transferSyntax,
        boolean requestorScp) {

    static PresentationContext proposed(int id, String abstractSyntax, List<String> transferSyntaxes) {
        return new PresentationContext(id, abstractSyntax, List.copyOf(transferSyntaxes), -1, null, false);
    }

    PresentationContext answer(int result, String transferSyntax, boolean requestorScp) {
        return new PresentationContext(id, abstractSyntax, transferSyntaxes, result, transferSyntax, requestorScp);
    }

    boolean accepted() {
        return result == Pdu.PC_ACCEPTANCE;
    }
}
