package dev.userdeletion.userquery.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;

/**
 * Request bodies mean one thing only: a field named twice is refused (400 {@code malformed-body}) rather
 * than the last one silently winning, which a proxy or gateway in front may read differently. Unknown
 * fields are refused through {@code spring.jackson.deserialization.fail-on-unknown-properties}.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer refuseDuplicateFields() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
