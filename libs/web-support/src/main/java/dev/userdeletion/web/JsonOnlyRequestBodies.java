package dev.userdeletion.web;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The services take JSON bodies only, so the two parsers Spring Boot switches on for other bodies are off:
 * the form filter (it reads {@code application/x-www-form-urlencoded} bodies of PUT, PATCH and DELETE before
 * any handler and answered a stray {@code %} with a 500) and the multipart resolver (a
 * {@code multipart/form-data} body without a boundary was a 500). Such requests now get the endpoint's own
 * 415. These are defaults: a service that does take forms or uploads sets the two properties back.
 */
public class JsonOnlyRequestBodies implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.of(
            "spring.mvc.formcontent.filter.enabled", "false",
            "spring.servlet.multipart.enabled", "false");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("json-only-request-bodies", DEFAULTS));
    }
}
