package dev.userdeletion.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Errors Tomcat answers itself, before any Spring code runs (an encoded slash in the path, a malformed
 * URL or header), leave as the same problem details as every other error instead of Tomcat's HTML page.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        boolean clientError = status < 500;
        String slug = clientError ? "invalid-request" : "internal-error";
        String detail = clientError ? "The request is malformed" : "The request could not be completed";
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            // fixed texts without quotes or backslashes, so plain concatenation is valid JSON
            response.getReporter().write("{\"type\":\"" + ApiProblem.TYPE_PREFIX + slug + "\",\"title\":\"" + title
                    + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the connection is gone; nothing more to tell the client
        }
    }
}
