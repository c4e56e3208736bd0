package dev.userdeletion.web.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * What every service's OpenAPI document shares: its title, description and version ({@code web.api.title},
 * {@code web.api.description}, {@code web.api.version}), the RFC 9457 {@code Problem} schema, and the error answers
 * of each operation: those it declares with {@link ProblemResponse} plus those that follow from its shape (a body:
 * malformed, too large or not JSON; parameters: invalid; any: an Accept it cannot meet). Each error answer's
 * {@code type} is constrained to its slugs, so a validating client checks the slug too.
 */
@AutoConfiguration
@ConditionalOnClass(GlobalOpenApiCustomizer.class)
public class ApiDocumentation {

    /** The name of the problem-detail schema in {@code components.schemas}. */
    public static final String PROBLEM = "Problem";

    @Bean
    @SuppressWarnings("rawtypes")
    GlobalOpenApiCustomizer apiInfoAndProblemSchema(
            @Value("${web.api.title:${spring.application.name:API}}") String title,
            @Value("${web.api.description:}") String description,
            @Value("${web.api.version:0}") String version) {
        return openApi -> {
            openApi.info(new Info().title(title).description(description.isBlank() ? null : description)
                    .version(version));
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            if (openApi.getComponents().getSchemas() != null) {
                Map<String, Schema> components = openApi.getComponents().getSchemas();
                components.values().forEach(schema -> optionalMeansNullable(schema, components));
            }
            openApi.getComponents().addSchemas(PROBLEM, ProblemAnswer.problemSchema());
        };
    }

    @Bean
    GlobalOperationCustomizer problemResponses() {
        return (operation, handler) -> {
            Map<Integer, ProblemAnswer> answers = new TreeMap<>();
            if (operation.getRequestBody() != null) {
                answers.computeIfAbsent(400, ProblemAnswer::new).add(null, "malformed-body");
                answers.computeIfAbsent(413, ProblemAnswer::new).add(null, "body-too-large");
                answers.computeIfAbsent(415, ProblemAnswer::new).add(null, "unsupported-media-type");
            }
            List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
            if (!parameters.isEmpty()) {
                answers.computeIfAbsent(400, ProblemAnswer::new).add(null, "invalid-request");
            }
            if (parameters.stream().anyMatch(p -> p.getSchema() != null && !"string".equals(type(p.getSchema()))
                    && !"array".equals(type(p.getSchema())))) {
                answers.computeIfAbsent(400, ProblemAnswer::new).add(null, "invalid-parameter");
            }
            answers.computeIfAbsent(406, ProblemAnswer::new).add(null, "not-acceptable");
            for (ProblemResponse declared : AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(),
                    ProblemResponse.class)) {
                answers.computeIfAbsent(declared.status(), ProblemAnswer::new).add(declared.description(), declared.types());
            }
            ProblemAnswer.addTo(operation, answers.values());
            return operation;
        };
    }

    /** Adds or widens the problem answers of {@code operation}; used by the security library for 401 and 403. */
    public static void addProblem(Operation operation, int status, String description, String... types) {
        ProblemAnswer answer = new ProblemAnswer(status);
        answer.add(description, types);
        ProblemAnswer.addTo(operation, List.of(answer));
    }

    /**
     * The services write every field, a missing value as {@code null} (Jackson's default): a property that is not
     * required is nullable. A {@code $ref} cannot carry {@code nullable} beside it (and validators lose it on an
     * allOf around the reference), so such a property is the referenced object's shape, inline, and nullable.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void optionalMeansNullable(Schema<?> schema, Map<String, Schema> components) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        Map<String, Schema> properties = (Map) schema.getProperties();
        properties.replaceAll((name, property) -> {
            if (required.contains(name)) {
                return property;
            }
            if (property.get$ref() != null) {
                Schema<?> target = components.get(property.get$ref().substring(property.get$ref().lastIndexOf('/') + 1));
                Schema<Object> inline = new Schema<>().type(target.getType()).description(target.getDescription())
                        .properties(target.getProperties()).nullable(true);
                inline.setRequired(target.getRequired());
                return inline;
            }
            return property.nullable(true);
        });
    }

    private static String type(Schema<?> schema) {
        if (schema.getType() != null) {
            return schema.getType();
        }
        return schema.getTypes() == null || schema.getTypes().isEmpty() ? null : schema.getTypes().iterator().next();
    }

}
