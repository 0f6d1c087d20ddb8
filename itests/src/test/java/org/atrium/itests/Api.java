package org.atrium.itests;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.atrium.web.JsonReader;

/**
 * The running distribution as its users reach it: REST with Basic auth ({@code itest:itest}),
 * the Karaf console through {@code bin/client}, and waiting for workflow jobs.
 */
final class Api {

    private final KarafProcess platform;
    private final int sshPort;
    private final HttpClient http = HttpClient.newHttpClient();

    Api(KarafProcess platform, int sshPort) {
        this.platform = platform;
        this.sshPort = sshPort;
    }

    /** GET answering 200, read as JSON. */
    Object get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 200, response.statusCode());
        return JsonReader.read(response.body());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(String path, String accept) throws Exception {
        return http.send(request(path).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpRequest.Builder request(String path) {
        String credentials = Base64.getEncoder().encodeToString("itest:itest".getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(platform.url(path)))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json");
    }

    /** One console command's output. */
    String console(String command) throws Exception {
        return Dcmtk.run(
                        platform.home,
                        "sh",
                        "-c",
                        "printf '" + command + "\\n' | bin/client -u itest -p itest -a " + sshPort + " -r 30 -d 2 -b")
                .output();
    }

    /** {@code atrium:ext-install}, once the console's commands are there: they register a moment after the web port answers. */
    String install(Path kar) throws Exception {
        String answer = console("atrium:ext-install " + kar);
        for (int i = 0; i < 60 && answer.contains("Command not found"); i++) {
            Thread.sleep(1000);
            answer = console("atrium:ext-install " + kar);
        }
        return answer;
    }

    /** The id of the workflow a {@code POST /api/v1/workflows} created. */
    static long workflow(HttpResponse<String> response) {
        assertEquals(response.body(), 201, response.statusCode());
        return (Long) JsonReader.readObject(response.body()).get("id");
    }

    /** Waits up to a minute for the workflow to have {@code count} jobs, all in {@code state}. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> awaitJobs(long workflowId, String state, int count) throws Exception {
        List<Map<String, Object>> jobs = List.of();
        for (int i = 0; i < 240; i++) {
            jobs = (List<Map<String, Object>>) get("/api/v1/jobs?workflow=" + workflowId);
            if (jobs.size() == count && jobs.stream().allMatch(j -> state.equals(j.get("state")))) {
                return jobs;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("jobs of workflow " + workflowId + " are not all " + state + ": " + jobs);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object json) {
        return (Map<String, Object>) json;
    }

    /** The first value of a tag in a DICOM JSON object (PS3.18 F.2). */
    static String firstValue(Map<String, Object> attributes, String tag) {
        return String.valueOf(((List<?>) object(attributes.get(tag)).get("Value")).get(0));
    }
}
