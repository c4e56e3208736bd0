package dev.userdeletion.orchestrator.receipt;

import static dev.userdeletion.security.Access.role;

import dev.userdeletion.security.AccessRules;
import dev.userdeletion.security.ApiRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Receipts are for audit tooling: {@code AUDITOR} of any platform reads them; no one else, nothing writes. */
@Configuration(proxyBeanMethods = false)
class ReceiptAccess {

    @Bean
    AccessRules receiptAccessRules() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, ReceiptController.RECEIPT, ReceiptController.RECEIPT_CSV)
                .access(role(ApiRole.AUDITOR));
    }
}
