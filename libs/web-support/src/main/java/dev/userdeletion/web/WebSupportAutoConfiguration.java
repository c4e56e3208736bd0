package dev.userdeletion.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.client.observation.ClientRequestObservationConvention;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Problem details for every error (Tomcat's own error answers included) and a body size limit ({@code web.max-body-size}, default 1MB)
 * for every service that has a REST API.
 */
@AutoConfiguration
@Import(ProblemHandler.class)
public class WebSupportAutoConfiguration {

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
            @Value("${web.max-body-size:1MB}") DataSize maxBodySize) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(maxBodySize.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** First of all, so that every line logged for the request carries its id. */
    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Runs after the security filters (order -100), so callers without the right get 401/403 first. */
    @Bean
    FilterRegistrationBean<MalformedHeaderFilter> malformedHeaderFilter(JsonMapper json) {
        FilterRegistrationBean<MalformedHeaderFilter> registration =
                new FilterRegistrationBean<>(new MalformedHeaderFilter(json));
        registration.setOrder(0);
        return registration;
    }

    /**
     * A field named twice is refused (400 {@code malformed-body}) rather than the last one silently winning,
     * which a gateway in front may read differently. Unknown fields are refused through
     * {@code spring.jackson.deserialization.fail-on-unknown-properties} in each service.
     */
    @Bean
    JsonMapperBuilderCustomizer refuseDuplicateJsonFields() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** Used by Boot's RestClient.Builder (and so by every RestClient made from it) instead of its default. */
    @Bean
    ClientRequestObservationConvention urlWithoutQueryObservations(
            @Value("${management.observations.http.client.requests.name:http.client.requests}") String name) {
        return new UrlWithoutQueryObservations(name);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
