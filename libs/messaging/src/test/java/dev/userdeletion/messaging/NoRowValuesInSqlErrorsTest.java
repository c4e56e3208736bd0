package dev.userdeletion.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class NoRowValuesInSqlErrorsTest {

    private static final String DRIVER_PROPERTIES = "spring.datasource.hikari.data-source-properties";

    @Test
    void theDriverKeepsTheServersErrorDetailOutOfExceptions() {
        StandardEnvironment environment = new StandardEnvironment();
        new NoRowValuesInSqlErrors().postProcessEnvironment(environment, new SpringApplication());
        assertThat(driverProperties(environment)).containsEntry("logServerErrorDetail", "false");
    }

    @Test
    void aServicesOwnDriverPropertiesAreAddedToIt() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of(DRIVER_PROPERTIES + ".reWriteBatchedInserts", "true")));
        new NoRowValuesInSqlErrors().postProcessEnvironment(environment, new SpringApplication());
        assertThat(driverProperties(environment))
                .containsEntry("logServerErrorDetail", "false").containsEntry("reWriteBatchedInserts", "true");
    }

    /** The map Boot binds to the pool's driver properties, as it merges it from every property source. */
    private static Map<String, String> driverProperties(StandardEnvironment environment) {
        return Binder.get(environment).bind(DRIVER_PROPERTIES, Bindable.mapOf(String.class, String.class)).get();
    }
}
