package org.atrium.dicomweb.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.Tag;
import org.atrium.store.IngestContext;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreException;
import org.atrium.store.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STOW-RS (PS3.18 10.5): each {@code application/dicom} part of a {@code multipart/related} body is
 * streamed to a file in the store's incoming folder and taken in by {@link ResearchStore#store},
 * which answers only once the object is on disk and indexed, as for C-STORE.
 */
final class Stow {

    private static final Logger LOG = LoggerFactory.getLogger(Stow.class);

    static final int FAILED_SOP_SEQUENCE = 0x00081198;
    static final int REFERENCED_SOP_SEQUENCE = 0x00081199;
    static final int REFERENCED_SOP_CLASS_UID = 0x00081150;
    static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
    static final int FAILURE_REASON = 0x00081197;

    /** Failure reasons (PS3.18 10.5.3, PS3.4 Annex GG status codes). */
    static final int PROCESSING_FAILURE = 0x0110;

    static final int OUT_OF_RESOURCES = 0xA700;
    static final int CANNOT_UNDERSTAND = 0xC000;
    /** The instance's Study Instance UID is not the one in the request's path (as dcm4chee answers it). */
    static final int STUDY_INSTANCE_UID_MISMATCH = 0xC409;

    private final ResearchStore store;
    private final DicomFiles dicom;

    Stow(ResearchStore store, DicomFiles dicom) {
        this.store = store;
        this.dicom = dicom;
    }

    /** The outcome of one request: what was stored, what failed and why. */
    static final class Outcome {
        final List<DicomJson> referenced = new ArrayList<>();
        final List<DicomJson> failed = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        final Set<String> studies = new LinkedHashSet<>();

        void stored(String sopClass, String sopInstance, String study, String retrieveUrl) {
            referenced.add(new DicomJson()
                    .put(REFERENCED_SOP_CLASS_UID, "UI", sopClass)
                    .put(REFERENCED_SOP_INSTANCE_UID, "UI", sopInstance)
                    .put(QidoAttributes.RETRIEVE_URL, "UR", retrieveUrl));
            studies.add(study);
        }

        void failed(String sopClass, String sopInstance, int reason, String why) {
            DicomJson item = new DicomJson();
            item.put(REFERENCED_SOP_CLASS_UID, "UI", sopClass == null ? new String[0] : new String[] {sopClass});
            item.put(
                    REFERENCED_SOP_INSTANCE_UID,
                    "UI",
                    sopInstance == null ? new String[0] : new String[] {sopInstance});
            item.put(FAILURE_REASON, "US", Integer.toString(reason));
            failed.add(item);
            reasons.add(why);
        }

        /** 200 all stored, 202 some failed, 409 none stored (PS3.18 Table 10.5.3-1). */
        int status() {
            if (failed.isEmpty()) {
                return HttpServletResponse.SC_OK;
            }
            return referenced.isEmpty() ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_ACCEPTED;
        }

        DicomJson response(String base, String studyInPath) {
            DicomJson json = new DicomJson();
            String study = studyInPath != null
                    ? studyInPath
                    : studies.size() == 1 ? studies.iterator().next() : null;
            if (study != null && !referenced.isEmpty()) {
                json.put(QidoAttributes.RETRIEVE_URL, "UR", base + "/studies/" + study);
            }
            json.putSequence(FAILED_SOP_SEQUENCE, failed);
            json.putSequence(REFERENCED_SOP_SEQUENCE, referenced);
            return json;
        }
    }

    /** The request body broke off or is not multipart: nothing after it can be read. */
    private static final class BodyException extends Exception {
        private static final long serialVersionUID = 1L;

        BodyException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    void store(HttpServletRequest request, HttpServletResponse response, String studyInPath)
            throws DicomWebException, IOException {
        String boundary = boundary(request.getContentType());
        Qido.requireJson(request, "STOW-RS");
        String user = request.getRemoteUser();
        IngestContext context = new IngestContext("dicomweb:" + user, "dicomweb", Set.of());
        String base = DicomWebServlet.base(request);
        Outcome outcome = new Outcome();
        MultipartReader reader = new MultipartReader(request.getInputStream(), boundary);
        int parts = 0;
        try {
            while (true) {
                MultipartReader.Part part;
                try {
                    part = reader.next();
                } catch (IOException e) {
                    throw new BodyException(e);
                }
                if (part == null) {
                    break;
                }
                parts++;
                storePart(part, parts, studyInPath, context, base, outcome);
            }
        } catch (BodyException e) {
            LOG.info(
                    "STOW-RS by {}: malformed body after {} part(s) ({} stored): {}",
                    user,
                    parts,
                    outcome.referenced.size(),
                    e.getMessage());
            throw new DicomWebException(
                    HttpServletResponse.SC_BAD_REQUEST,
                    "malformed multipart body: " + e.getMessage() + " (" + outcome.referenced.size()
                            + " instance(s) before it were stored)");
        }
        if (parts == 0) {
            throw new DicomWebException(HttpServletResponse.SC_BAD_REQUEST, "the multipart body has no parts");
        }
        for (String reason : outcome.reasons) {
            response.addHeader("Warning", Qido.warning(reason));
        }
        LOG.info(
                "STOW-RS by {}: {} stored, {} failed{}",
                user,
                outcome.referenced.size(),
                outcome.failed.size(),
                outcome.reasons.isEmpty() ? "" : " (" + String.join("; ", outcome.reasons) + ")");
        response.setStatus(outcome.status());
        response.setContentType(Qido.DICOM_JSON);
        response.setCharacterEncoding("UTF-8");
        outcome.response(base, studyInPath).write(response.getWriter());
    }

    private void storePart(
            MultipartReader.Part part,
            int number,
            String studyInPath,
            IngestContext context,
            String base,
            Outcome outcome)
            throws BodyException, IOException {
        String type = part.header("Content-Type");
        if (type != null) {
            String essence;
            try {
                essence = MediaType.parse(type).essence();
            } catch (IllegalArgumentException e) {
                essence = type;
            }
            if (!essence.equals("application/dicom")) {
                outcome.failed(
                        null,
                        null,
                        CANNOT_UNDERSTAND,
                        "part " + number + " is " + type
                                + ", not application/dicom (only Part 10 files can be stored)");
                return;
            }
        }
        Path file = Files.createTempFile(store.incomingDir(), "stow-", ".dcm");
        try {
            IOException writeFailure = copy(part.content(), file);
            if (writeFailure != null) {
                LOG.warn("STOW-RS: cannot write part {} to {}: {}", number, file, writeFailure.toString());
                outcome.failed(
                        null, null, OUT_OF_RESOURCES, "part " + number + " could not be written: " + writeFailure);
                return;
            }
            Attributes header;
            try {
                header = dicom.readHeader(file);
            } catch (IOException e) {
                outcome.failed(
                        null,
                        null,
                        CANNOT_UNDERSTAND,
                        "part " + number + " is not a DICOM Part 10 file ("
                                + String.valueOf(e.getMessage()).replace(file.toString(), "the part") + ")");
                return;
            }
            String sopClass = header.getString(Tag.SOPClassUID);
            String sopInstance = header.getString(Tag.SOPInstanceUID);
            String study = header.getString(Tag.StudyInstanceUID);
            if (studyInPath != null && !studyInPath.equals(study)) {
                outcome.failed(
                        sopClass,
                        sopInstance,
                        STUDY_INSTANCE_UID_MISMATCH,
                        "instance " + sopInstance + " belongs to study " + study + ", not to " + studyInPath);
                return;
            }
            try {
                StoreResult result = store.store(file, context);
                String series = result.instance().seriesInstanceUid();
                outcome.stored(
                        sopClass,
                        result.instance().sopInstanceUid(),
                        result.instance().studyInstanceUid(),
                        base + "/studies/" + result.instance().studyInstanceUid() + "/series/" + series + "/instances/"
                                + result.instance().sopInstanceUid());
            } catch (StoreException e) {
                int reason =
                        switch (e.reason()) {
                            case INVALID_OBJECT, INVALID_QUERY -> CANNOT_UNDERSTAND;
                            case OUT_OF_RESOURCES -> OUT_OF_RESOURCES;
                            case INTERNAL -> PROCESSING_FAILURE;
                        };
                if (e.reason() == StoreException.Reason.INTERNAL) {
                    LOG.error("STOW-RS: the store failed on instance {}", sopInstance, e);
                }
                outcome.failed(
                        sopClass,
                        sopInstance,
                        reason,
                        "instance " + sopInstance + " was refused: "
                                + String.valueOf(e.getMessage()).replace(file.toString(), "the part"));
            }
        } finally {
            // The store moved the file in on success; anything left is ours to discard.
            Files.deleteIfExists(file);
        }
    }

    /**
     * Streams a part to a file. A read failure ends the request ({@link BodyException}); a write
     * failure (disk full) is returned after the part has been read to its end, so the next part can
     * still be stored.
     */
    private static IOException copy(InputStream content, Path file) throws BodyException {
        byte[] buffer = new byte[64 * 1024];
        IOException writeFailure = null;
        OutputStream out = null;
        try {
            out = Files.newOutputStream(file);
        } catch (IOException e) {
            writeFailure = e;
        }
        try {
            while (true) {
                int n;
                try {
                    n = content.read(buffer);
                } catch (IOException e) {
                    throw new BodyException(e);
                }
                if (n < 0) {
                    break;
                }
                if (writeFailure == null) {
                    try {
                        out.write(buffer, 0, n);
                    } catch (IOException e) {
                        writeFailure = e;
                    }
                }
            }
        } finally {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    writeFailure = writeFailure == null ? e : writeFailure;
                }
            }
        }
        return writeFailure;
    }

    /** The boundary of a {@code multipart/related; type="application/dicom"} request; 415 for anything else. */
    static String boundary(String contentType) throws DicomWebException {
        if (contentType == null) {
            throw new DicomWebException(
                    HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "STOW-RS needs Content-Type: multipart/related; type=\"application/dicom\"; boundary=...");
        }
        MediaType type;
        try {
            type = MediaType.parse(contentType);
        } catch (IllegalArgumentException e) {
            throw new DicomWebException(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, e.getMessage());
        }
        if (!type.essence().equals("multipart/related")) {
            throw new DicomWebException(
                    HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "STOW-RS takes multipart/related; type=\"application/dicom\", not " + type.essence());
        }
        String partType = type.parameter("type");
        if (partType != null && !partType.equalsIgnoreCase("application/dicom")) {
            throw new DicomWebException(
                    HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "only application/dicom parts (Part 10 files) can be stored, not " + partType
                            + " (metadata with bulk data is not supported)");
        }
        String boundary = type.parameter("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > MultipartReader.MAX_BOUNDARY) {
            throw new DicomWebException(
                    HttpServletResponse.SC_BAD_REQUEST,
                    "the Content-Type has no valid boundary parameter (1 to " + MultipartReader.MAX_BOUNDARY
                            + " characters): " + contentType);
        }
        return boundary;
    }
}
