package dev.userdeletion.security;

import dev.userdeletion.web.openapi.ApiDocumentation;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The service's OpenAPI document says what every operation needs: a bearer token, an RS256 JWT (see
 * {@link ApiSecurityAutoConfiguration}). Generated clients and API consoles send it without being told.
 * Every operation also declares the refusals of the security filters: 401 {@code unauthenticated} and 403
 * {@code forbidden}. Only for services that publish a document (springdoc on the class path).
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class OpenApiBearerScheme {

    /** The scheme's name in {@code components.securitySchemes}. */
    public static final String NAME = "bearer";

    @Bean
    OpenApiCustomizer bearerTokenOnEveryOperation() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(NAME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").bearerFormat("JWT")
                    .description("An RS256 JWT with the caller's roles and, for admins, platform"));
            openApi.addSecurityItem(new SecurityRequirement().addList(NAME));
            if (openApi.getPaths() != null) {
                openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                    ApiDocumentation.addProblem(operation, 401, "no bearer token, or one that is malformed, expired,"
                            + " of another issuer or key, or not for this service (WWW-Authenticate: Bearer)",
                            "unauthenticated");
                    ApiDocumentation.addProblem(operation, 403, "the token's roles or platform do not allow this"
                            + " request (the same answer whether the platform or object exists or not)", "forbidden");
                }));
            }
        };
    }
}
