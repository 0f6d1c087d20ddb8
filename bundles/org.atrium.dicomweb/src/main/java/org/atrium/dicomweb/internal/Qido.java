package org.atrium.dicomweb.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomFiles;
import org.atrium.store.InstanceRecord;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore;
import org.atrium.store.ResearchStore.Level;
import org.atrium.store.StoreException;
import org.atrium.store.StoreQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QIDO-RS (PS3.18 10.6) through {@link ResearchStore#find}: the index's attributes, and for
 * instances also the image attributes a viewer needs, read from each file's header.
 */
final class Qido {

    private static final Logger LOG = LoggerFactory.getLogger(Qido.class);

    static final String DICOM_JSON = "application/dicom+json";

    /** Instance attributes PS3.18 Table 10.6.3-5 asks for that the index does not keep. */
    private static final List<Integer> INSTANCE_HEADER_TAGS = List.of(
            0x00280010, // Rows
            0x00280011, // Columns
            0x00280100, // BitsAllocated
            0x00280008 // NumberOfFrames
            );

    private final ResearchStore store;
    private final DicomFiles dicom;
    private volatile int maxResults = DicomWebConfig.DEFAULT_MAX_RESULTS;

    Qido(ResearchStore store, DicomFiles dicom) {
        this.store = store;
        this.dicom = dicom;
    }

    void maxResults(int maxResults) {
        this.maxResults = maxResults;
    }

    void search(HttpServletRequest request, HttpServletResponse response, Level level, Map<String, String> scope)
            throws DicomWebException, IOException {
        requireJson(request, "QIDO-RS");
        QidoQuery query =
                QidoQuery.parse(level, request.getParameterMap(), scope, dicom::tagOf, dicom::keywordOf, maxResults);
        if (!scope.isEmpty()) {
            requireExists(scope);
        }
        List<Match> found = find(query.storeQuery());
        int from = Math.min(query.offset(), found.size());
        int to = Math.min(query.offset() + query.limit(), found.size());
        List<Match> page = found.subList(from, to);
        if (!query.unsupported().isEmpty()) {
            response.addHeader(
                    "Warning",
                    warning("The following attributes were not supported for matching: "
                            + String.join(", ", query.unsupported())));
        }
        if (found.size() > to) {
            response.addHeader("Warning", warning("There are additional results that can be requested"));
        }
        String base = DicomWebServlet.base(request);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(DICOM_JSON);
        response.setCharacterEncoding("UTF-8");
        Writer out = response.getWriter();
        out.write('[');
        for (int i = 0; i < page.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            result(page.get(i), query, base).write(out);
        }
        out.write(']');
    }

    /** One match as PS3.18 returns it: the index's values, Retrieve URL, availability. */
    private DicomJson result(Match match, QidoQuery query, String base) {
        DicomJson json = new DicomJson();
        for (Map.Entry<String, String> value : match.values().entrySet()) {
            QidoAttributes.Attribute attribute = QidoAttributes.byKeyword(value.getKey());
            if (attribute != null) {
                json.put(attribute.tag(), attribute.vr(), value.getValue().split("\\\\", -1));
            }
        }
        String study = match.get("StudyInstanceUID");
        String url = base + "/studies/" + study;
        if (query.level() != Level.STUDY) {
            url += "/series/" + match.get("SeriesInstanceUID");
        }
        if (query.level() == Level.INSTANCE) {
            url += "/instances/" + match.get("SOPInstanceUID");
            fromHeader(json, match.get("SOPInstanceUID"), query);
        }
        json.put(QidoAttributes.RETRIEVE_URL, "UR", url);
        json.put(QidoAttributes.INSTANCE_AVAILABILITY, "CS", "ONLINE");
        return json;
    }

    /** Rows, Columns, Bits Allocated, Number of Frames and any include field, from the file's header. */
    private void fromHeader(DicomJson json, String sopInstanceUid, QidoQuery query) {
        InstanceRecord instance = store.instance(sopInstanceUid).orElse(null);
        if (instance == null) {
            return; // deleted since the search
        }
        Path file = store.file(instance);
        Attributes header;
        try {
            header = dicom.readHeader(file);
        } catch (IOException e) {
            LOG.warn("QIDO-RS: cannot read the header of instance {}: {}", sopInstanceUid, e.getMessage());
            return;
        }
        if (query.includeAll()) {
            for (int tag : header.tags()) {
                if (!json.contains(tag)) {
                    json.add(header, tag);
                }
            }
            return;
        }
        for (int tag : INSTANCE_HEADER_TAGS) {
            json.add(header, tag);
        }
        for (int tag : query.includeFields()) {
            if (!json.contains(tag)) {
                json.add(header, tag);
            }
        }
    }

    private List<Match> find(StoreQuery query) throws DicomWebException {
        try {
            return store.find(query);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.INVALID_QUERY) {
                throw new DicomWebException(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            }
            LOG.error("QIDO-RS: the store failed to search", e);
            throw new DicomWebException(
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the research store cannot search now; see the server log");
        }
    }

    /** 404 for a search inside a study or series that is not there. */
    private void requireExists(Map<String, String> scope) throws DicomWebException {
        String series = scope.get("SeriesInstanceUID");
        Level level = series == null ? Level.STUDY : Level.SERIES;
        if (find(new StoreQuery(level, scope, 1)).isEmpty()) {
            throw new DicomWebException(
                    HttpServletResponse.SC_NOT_FOUND,
                    series == null
                            ? "no study " + scope.get("StudyInstanceUID")
                            : "no series " + series + " in study " + scope.get("StudyInstanceUID"));
        }
    }

    /** 406 unless the client accepts DICOM JSON (or JSON, or anything). */
    static void requireJson(HttpServletRequest request, String service) throws DicomWebException {
        for (MediaType range : MediaType.accepted(Collections.list(request.getHeaders("Accept")))) {
            if (range.admits("application", "dicom+json") || range.admits("application", "json")) {
                return;
            }
        }
        throw new DicomWebException(
                HttpServletResponse.SC_NOT_ACCEPTABLE,
                service + " answers application/dicom+json (XML is not supported), not "
                        + String.join(", ", Collections.list(request.getHeaders("Accept"))));
    }

    static String warning(String text) {
        // A header value: one line of printable ASCII, whatever the message held.
        String safe = text.replace('"', '\'').replaceAll("[^\\x20-\\x7E]", "?");
        return "299 Atrium: \"" + safe + "\"";
    }
}
