package dev.userdeletion.infra;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips every test when {@code -Dinfra=testcontainers} is asked for on a machine without a Docker
 * engine, before any Spring context tries to start. Registered automatically (see
 * {@code junit-platform.properties} in this library) for every module whose tests use it.
 */
public class InfrastructureCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if ("testcontainers".equals(System.getProperty(SharedInfrastructure.MODE_PROPERTY))
                && !ContainerInfrastructure.dockerAvailable()) {
            return ConditionEvaluationResult.disabled("-Dinfra=testcontainers needs a Docker engine; none is available");
        }
        return ConditionEvaluationResult.enabled("infrastructure available");
    }
}
