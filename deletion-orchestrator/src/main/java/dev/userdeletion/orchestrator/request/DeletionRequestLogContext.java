package dev.userdeletion.orchestrator.request;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every line logged while a call on one deletion request is handled names it (MDC {@code deletionRequestId}, as the
 * consumers of its events do), so a deletion can be followed through the logs beside its trace id.
 */
@Configuration
class DeletionRequestLogContext implements WebMvcConfigurer, HandlerInterceptor {

    static final String MDC_KEY = "deletionRequestId";
    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-fA-F-]{36}");

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(RequestPaths.BASE + "/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("requestId") instanceof String id && UUID_SHAPE.matcher(id).matches()) {
            MDC.put(MDC_KEY, id);
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception failure) {
        MDC.remove(MDC_KEY);
    }
}
