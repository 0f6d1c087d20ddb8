package org.atrium.itests;

import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.atrium.web.JsonReader;

/**
 * Talks to a {@link KarafProcess} as an admin ({@code itest}) does: REST with HTTP Basic, the
 * console through {@code bin/client}, and waiting for a workflow's jobs.
 */
final class AtriumClient {

    private final KarafProcess platform;
    private final HttpClient http = HttpClient.newHttpClient();

    AtriumClient(KarafProcess platform) {
        this.platform = platform;
    }

    /** One console command in batch mode; its output. */
    String console(String command) throws Exception {
        return Dcmtk.run(
                        platform.home,
                        "sh",
                        "-c",
                        "printf '" + command + "\\n' | bin/client -u itest -p itest -a " + platform.sshPort
                                + " -r 30 -d 2 -b")
                .output();
    }

    /** A console command once the console's commands are there: they register a moment after the web port answers. */
    String consoleOnceReady(String command) throws Exception {
        String answer = console(command);
        for (int i = 0; i < 60 && answer.contains("Command not found"); i++) {
            Thread.sleep(1000);
            answer = console(command);
        }
        return answer;
    }

    /** GET, expecting 200; the JSON answer read. */
    Object get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 200, response.statusCode());
        return JsonReader.read(response.body());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) throws Exception {
        return http.send(request.build(), body);
    }

    /** A request to the web port with the admin's credentials, JSON by default. */
    HttpRequest.Builder request(String path) {
        String credentials = Base64.getEncoder().encodeToString("itest:itest".getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(platform.url(path)))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json");
    }

    /** The id of the workflow a {@code POST /api/v1/workflows} (or re-run) created. */
    static long workflowId(HttpResponse<String> response) {
        assertEquals(response.body(), 201, response.statusCode());
        return (Long) JsonReader.readObject(response.body()).get("id");
    }

    /** Waits (up to a minute) until the workflow has {@code count} jobs, all in {@code state}. */
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

    @SuppressWarnings("unchecked")
    static List<Object> list(Object json) {
        return (List<Object>) json;
    }

    HttpResponse<String> delete(String path) throws Exception {
        return send(request(path).DELETE());
    }

    /** GET with the given Accept header; the answer's bytes, whatever its status. */
    HttpResponse<byte[]> bytes(String path, String accept) throws Exception {
        return http.send(request(path).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {@code atrium:ext-install} of a KAR file, once the console is ready. */
    String install(java.nio.file.Path kar) throws Exception {
        return consoleOnceReady("atrium:ext-install " + kar);
    }

    /** The first value of a tag in a DICOM JSON object (PS3.18 F.2). */
    static String firstValue(Map<String, Object> attributes, String tag) {
        return String.valueOf(((List<?>) object(attributes.get(tag)).get("Value")).get(0));
    }
}
