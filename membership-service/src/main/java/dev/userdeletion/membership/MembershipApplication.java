package dev.userdeletion.membership;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** System of record for platforms, users (one account per email), memberships, last logins and access lists. */
@SpringBootApplication
public class MembershipApplication {

    public static void main(String[] args) {
        SpringApplication.run(MembershipApplication.class, args);
    }

    /** One clock for every timestamp the service writes. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
