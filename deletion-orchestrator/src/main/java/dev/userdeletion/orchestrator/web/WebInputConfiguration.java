package dev.userdeletion.orchestrator.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hostile HTTP input the shared web support does not cover yet (see {@link AcceptHeaderFilter}). */
@Configuration(proxyBeanMethods = false)
class WebInputConfiguration {

    @Bean
    FilterRegistrationBean<AcceptHeaderFilter> acceptHeaderFilter() {
        FilterRegistrationBean<AcceptHeaderFilter> registration = new FilterRegistrationBean<>(new AcceptHeaderFilter());
        registration.setOrder(0); // after Spring Security's chain (-100)
        return registration;
    }
}
