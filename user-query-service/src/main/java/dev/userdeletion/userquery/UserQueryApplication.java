package dev.userdeletion.userquery;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Read model of platform users: projects {@code membership.user-state} into one row per (platform, user)
 * and serves filtered, sorted, paged lists, counts, full id lists and id lookups per platform.
 */
@SpringBootApplication
@EnableScheduling
public class UserQueryApplication {

    public static void main(String[] args) {
        SpringApplication.run(UserQueryApplication.class, args);
    }
}
