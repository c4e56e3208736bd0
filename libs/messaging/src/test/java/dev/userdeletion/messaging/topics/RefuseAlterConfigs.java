package dev.userdeletion.messaging.topics;

import java.util.Map;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.server.policy.AlterConfigPolicy;

/** A broker rule that refuses every configuration change, as a shared broker does for a service without the ACL. */
public class RefuseAlterConfigs implements AlterConfigPolicy {

    @Override
    public void validate(RequestMetadata request) {
        throw new PolicyViolationException("configuration changes are reserved to the Kafka administrators");
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
