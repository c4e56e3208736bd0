package dev.userdeletion.gateway;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The one door for people: serves the admin page and the CSM dashboard, signs people in and relays their token to
 * the four services under {@code /api/**}. It grants nothing itself: every platform and role check stays in the
 * services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AdminGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(AdminGatewayApplication.class, args);
    }

    /** Session lifetimes are measured with it; tests move it forward instead of waiting. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
