package org.atrium.pacs.internal.web;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.QueryLevel;
import org.atrium.pacs.PacsQuery;
import org.atrium.web.Requests;
import org.atrium.web.WebWhiteboard;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/v1/pacs/{node}/find?level=STUDY&PatientName=DOE*&StudyDate=20200101-20201231}:
 * C-FIND on a remote node; every parameter other than {@code level} is a DICOM keyword. A node that
 * cannot be reached answers 502 (504 on a timeout) with the reason.
 */
@Component(
        service = Servlet.class,
        property = {
            WebWhiteboard.PATTERN + "=/api/v1/pacs/*",
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_RESEARCHER,
            WebWhiteboard.ROLES + "=" + WebWhiteboard.ROLE_ADMIN
        })
public final class PacsFindServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PacsQuery query;

    @Activate
    public PacsFindServlet(@Reference PacsQuery query) {
        this.query = query;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            List<String> path = Requests.pathParts(request);
            if (path.size() != 2 || !path.get(1).equals("find")) {
                throw new Rest.Failure(404, "use /api/v1/pacs/{node}/find");
            }
            String levelText = request.getParameter("level");
            QueryLevel level = levelText == null ? QueryLevel.STUDY : QueryLevel.parse(levelText);
            if (level == null) {
                throw new Rest.Failure(400, "level must be PATIENT, STUDY, SERIES or IMAGE");
            }
            Map<String, String> keys = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> parameter :
                    request.getParameterMap().entrySet()) {
                if (!parameter.getKey().equals("level")) {
                    keys.put(parameter.getKey(), parameter.getValue()[0]);
                }
            }
            Rest.json(response, 200, query.find(path.get(0), level, keys));
        } catch (Rest.Failure e) {
            Rest.error(response, e.status, e.getMessage());
        } catch (IllegalArgumentException e) {
            Rest.error(response, 400, e.getMessage());
        } catch (SocketTimeoutException e) {
            Rest.error(response, 504, e.getMessage());
        } catch (IOException | DicomException e) {
            Rest.error(response, 502, e.getMessage());
        }
    }
}
