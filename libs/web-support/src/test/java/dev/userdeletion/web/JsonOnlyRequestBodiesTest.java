package dev.userdeletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class JsonOnlyRequestBodiesTest {

    @Test
    void formAndMultipartParsingAreOffByDefault() {
        StandardEnvironment environment = new StandardEnvironment();
        new JsonOnlyRequestBodies().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.mvc.formcontent.filter.enabled", Boolean.class)).isFalse();
        assertThat(environment.getProperty("spring.servlet.multipart.enabled", Boolean.class)).isFalse();
    }

    @Test
    void aServiceThatTakesUploadsCanSwitchTheResolverBackOn() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of("spring.servlet.multipart.enabled", "true")));
        new JsonOnlyRequestBodies().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.servlet.multipart.enabled", Boolean.class)).isTrue();
        assertThat(environment.getProperty("spring.mvc.formcontent.filter.enabled", Boolean.class)).isFalse();
    }
}
