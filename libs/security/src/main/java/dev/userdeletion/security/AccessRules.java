package dev.userdeletion.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's authorisation table: which roles may call which of its endpoints. Every service declares
 * one bean; requests that match no rule are refused (deny by default), so a new endpoint stays closed
 * until it is given a rule. Build rules with {@link Access}.
 */
@FunctionalInterface
public interface AccessRules {

    void define(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
