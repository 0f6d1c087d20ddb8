package org.atrium.dicom.internal.pixelmed;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.network.CompositeResponseHandler;
import java.util.ArrayList;
import java.util.List;
import org.atrium.dicom.Status;

/**
 * Collects the DIMSE responses to one request: the status and counts of the last response, and
 * the identifiers of pending C-FIND responses. Done at the first response that is not pending.
 */
class ResponseCollector extends CompositeResponseHandler {

    static final AttributeTag STATUS = new AttributeTag(0x0000, 0x0900);
    static final AttributeTag ERROR_COMMENT = new AttributeTag(0x0000, 0x0902);
    static final AttributeTag REMAINING = new AttributeTag(0x0000, 0x1020);
    static final AttributeTag COMPLETED = new AttributeTag(0x0000, 0x1021);
    static final AttributeTag FAILED = new AttributeTag(0x0000, 0x1022);
    static final AttributeTag WARNING = new AttributeTag(0x0000, 0x1023);

    private final List<AttributeList> identifiers = new ArrayList<>();
    private int finalStatus = -1;
    private String errorComment;
    private int completed;
    private int failed;
    private int warning;

    ResponseCollector() {
        allowData = true;
    }

    @Override
    protected void evaluateStatusAndSetSuccess(AttributeList command) {
        int responseStatus = Attribute.getSingleIntegerValueOrDefault(command, STATUS, Status.ProcessingFailure);
        status = responseStatus;
        completed = Attribute.getSingleIntegerValueOrDefault(command, COMPLETED, completed);
        failed = Attribute.getSingleIntegerValueOrDefault(command, FAILED, failed);
        warning = Attribute.getSingleIntegerValueOrDefault(command, WARNING, warning);
        String comment = Attribute.getSingleStringValueOrNull(command, ERROR_COMMENT);
        if (comment != null && !comment.isBlank()) {
            errorComment = comment.trim();
        }
        success = responseStatus == Status.Success;
        if (!Status.isPending(responseStatus)) {
            finalStatus = responseStatus;
            setDone(true);
        }
    }

    @Override
    protected void makeUseOfDataSet(AttributeList dataSet) {
        if (finalStatus == -1) {
            identifiers.add(dataSet);
        }
    }

    int finalStatus() {
        return finalStatus;
    }

    String errorComment() {
        return errorComment;
    }

    List<AttributeList> identifiers() {
        return identifiers;
    }

    int completed() {
        return completed;
    }

    int failed() {
        return failed;
    }

    int warning() {
        return warning;
    }
}
