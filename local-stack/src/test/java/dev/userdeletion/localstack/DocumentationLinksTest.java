package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Someone who clones the repository has every document the READMEs and docs point to: each Markdown link is
 * relative, stays inside the repository and names a file or directory that exists (local URLs such as
 * {@code http://localhost:8080} are addresses of the running system, not documents).
 */
class DocumentationLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern OUTSIDE_PATH = Pattern.compile("`(\\.\\./)+shared/[^`]*`");

    @Test
    void everyLinkOfTheReadmesAndDocsStaysInsideTheRepository() throws IOException {
        Path root = Path.of(System.getProperty("stack.repository-root", "..")).toAbsolutePath().normalize();
        List<String> broken = new ArrayList<>();
        List<Path> documents;
        try (Stream<Path> files = Files.walk(root)) {
            documents = files.filter(file -> file.toString().endsWith(".md"))
                    .filter(file -> !root.relativize(file).toString().contains("target/"))
                    .filter(file -> !root.relativize(file).startsWith(".") && !file.toString().contains("/node_modules/"))
                    .toList();
        }
        assertThat(documents).extracting(file -> root.relativize(file).toString())
                .contains("README.md", "docs/architecture.md", "docs/api.md", "docs/events.md");
        for (Path document : documents) {
            String text = Files.readString(document);
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1).replaceAll("#.*$", "");
                if (target.isEmpty() || target.startsWith("http://localhost")) {
                    continue;
                }
                Path resolved = document.getParent().resolve(target).normalize();
                if (target.contains("://") || !resolved.startsWith(root) || !Files.exists(resolved)) {
                    broken.add(root.relativize(document) + ": " + link.group(1));
                }
            }
            Matcher outside = OUTSIDE_PATH.matcher(text);
            while (outside.find()) {
                broken.add(root.relativize(document) + ": " + outside.group());
            }
        }
        assertThat(broken).as("links out of the repository or to nothing").isEmpty();
    }
}
