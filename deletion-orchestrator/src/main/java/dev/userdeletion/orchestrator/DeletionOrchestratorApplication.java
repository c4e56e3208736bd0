package dev.userdeletion.orchestrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DeletionOrchestratorApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeletionOrchestratorApplication.class, args);
    }
}
