package dev.userdeletion.testsupport;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The routes a service maps, as {@code "METHOD pattern"} ({@code "*"} for a mapping of any method), so that a test
 * table of routes fails for a new endpoint until it has a row for it.
 */
public final class Routes {

    private Routes() {
    }

    /** Every route of every request mapping: the controllers', springdoc's and actuator's. */
    public static Set<String> mapped(ApplicationContext context) {
        Set<String> routes = new TreeSet<>();
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().keySet().forEach(info -> {
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    List<String> names = methods.isEmpty() ? List.of("*") : methods.stream().map(Enum::name).toList();
                    info.getPatternValues().forEach(pattern -> names.forEach(method -> routes.add(method + " " + pattern)));
                }));
        return routes;
    }

    /** The routes of the service's own API: those under {@code /api/}. */
    public static Set<String> api(ApplicationContext context) {
        Set<String> routes = mapped(context);
        routes.removeIf(route -> !route.contains(" /api/"));
        return routes;
    }
}
