package dev.userdeletion.web.openapi;

import dev.userdeletion.web.ApiProblem;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    static final String PROBLEM_JSON = "application/problem+json";

    private static final Map<String, String> SHARED = Map.of(
            "malformed-body", "the body is not valid JSON for this operation (unknown or repeated fields included)",
            "body-too-large", "the body is larger than web.max-body-size (1 MB by default)",
            "unsupported-media-type", "the body is not application/json",
            "invalid-request", "a path or query parameter breaks its rules (the detail says which)",
            "invalid-parameter", "a parameter has a value of the wrong type or out of range",
            "not-acceptable", "the Accept header admits no type this operation answers with");

    @Bean
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
                openApi.getComponents().getSchemas().values().forEach(ApiDocumentation::optionalMeansNullable);
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            // the server is wherever the document was fetched from; a fixed URL would be wrong behind the gateway
            openApi.setServers(null);
        };
    }

    @Bean
    GlobalOperationCustomizer problemResponses() {
        return (operation, handler) -> {
            Map<Integer, Answer> answers = new TreeMap<>();
            if (operation.getRequestBody() != null) {
                answers.computeIfAbsent(400, Answer::new).add(null, "malformed-body");
                answers.computeIfAbsent(413, Answer::new).add(null, "body-too-large");
                answers.computeIfAbsent(415, Answer::new).add(null, "unsupported-media-type");
            }
            List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
            if (!parameters.isEmpty()) {
                answers.computeIfAbsent(400, Answer::new).add(null, "invalid-request");
            }
            if (parameters.stream().anyMatch(p -> p.getSchema() != null && !"string".equals(type(p.getSchema()))
                    && !"array".equals(type(p.getSchema())))) {
                answers.computeIfAbsent(400, Answer::new).add(null, "invalid-parameter");
            }
            answers.computeIfAbsent(406, Answer::new).add(null, "not-acceptable");
            for (ProblemResponse declared : AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(),
                    ProblemResponse.class)) {
                answers.computeIfAbsent(declared.status(), Answer::new).add(declared.description(), declared.types());
            }
            addProblems(operation, answers.values());
            return operation;
        };
    }

    /** Adds or widens the problem answers of {@code operation}; used by the security library for 401 and 403. */
    public static void addProblem(Operation operation, int status, String description, String... types) {
        Answer answer = new Answer(status);
        answer.add(description, types);
        addProblems(operation, List.of(answer));
    }

    private static void addProblems(Operation operation, Iterable<Answer> answers) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        Map<String, ApiResponse> sorted = new TreeMap<>(operation.getResponses());
        for (Answer answer : answers) {
            String code = String.valueOf(answer.status);
            ApiResponse existing = sorted.get(code);
            if (existing != null && existing.getContent() != null && existing.getContent().get(PROBLEM_JSON) != null) {
                answer.merge(existing);
            }
            sorted.put(code, answer.toResponse());
        }
        ApiResponses responses = new ApiResponses();
        sorted.forEach(responses::addApiResponse);
        operation.setResponses(responses);
    }

    /**
     * The services write every field, a missing value as {@code null} (Jackson's default): a property that is not
     * required is nullable. A {@code $ref} cannot carry {@code nullable} beside it, so it is wrapped in an allOf.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void optionalMeansNullable(Schema<?> schema) {
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
                return new Schema<>().nullable(true).allOf(List.of(new Schema<>().$ref(property.get$ref())));
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

    static Schema<?> problemSchema() {
        Schema<Object> problem = new ObjectSchema()
                .description("An RFC 9457 problem detail; type is https://user-deletion.example/problems/<slug>")
                .addProperty("type", new StringSchema().format("uri").description("The problem's stable type"))
                .addProperty("title", new StringSchema().description("A short summary of the problem type"))
                .addProperty("status", new IntegerSchema().minimum(java.math.BigDecimal.valueOf(400))
                        .maximum(java.math.BigDecimal.valueOf(599)).description("The HTTP status code"))
                .addProperty("detail", new StringSchema().description("What went wrong with this request, in a sentence"))
                .addProperty("instance", new StringSchema().description("The request path"));
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }

    /** One status's problem answer: its slugs and when it is given. */
    private static final class Answer {

        private final int status;
        private final Set<String> types = new LinkedHashSet<>();
        private final List<String> descriptions = new ArrayList<>();

        Answer(int status) {
            this.status = status;
        }

        void add(String description, String... slugs) {
            for (String slug : slugs) {
                if (types.add(slug) && description == null && SHARED.containsKey(slug)) {
                    descriptions.add(slug + ": " + SHARED.get(slug));
                }
            }
            if (description != null) {
                descriptions.add(String.join(", ", slugs) + ": " + description);
            }
        }

        void merge(ApiResponse existing) {
            Schema<?> schema = existing.getContent().get(PROBLEM_JSON).getSchema();
            Schema<?> typeSchema = schema.getAllOf() == null ? null
                    : (Schema<?>) ((Schema<?>) schema.getAllOf().get(1)).getProperties().get("type");
            List<String> before = new ArrayList<>();
            if (typeSchema != null && typeSchema.getEnum() != null) {
                typeSchema.getEnum().forEach(value -> before.add(value.toString().substring(ApiProblem.TYPE_PREFIX.length())));
            }
            List<String> oldDescriptions = existing.getDescription() == null ? List.of()
                    : List.of(existing.getDescription().split("\n"));
            List<String> mine = new ArrayList<>(descriptions);
            Set<String> mineTypes = new LinkedHashSet<>(types);
            types.clear();
            types.addAll(before);
            types.addAll(mineTypes);
            descriptions.clear();
            descriptions.addAll(oldDescriptions);
            mine.stream().filter(d -> !descriptions.contains(d)).forEach(descriptions::add);
        }

        ApiResponse toResponse() {
            StringSchema type = new StringSchema();
            types.forEach(slug -> type.addEnumItem(ApiProblem.TYPE_PREFIX + slug));
            Schema<Object> slugs = new ObjectSchema().addProperty("type", type);
            Schema<Object> schema = new Schema<>().allOf(List.of(new Schema<>().$ref("#/components/schemas/" + PROBLEM),
                    slugs));
            MediaType media = new MediaType().schema(schema);
            Map<String, io.swagger.v3.oas.models.examples.Example> examples = new LinkedHashMap<>();
            for (String slug : types) {
                Map<String, Object> example = new LinkedHashMap<>();
                example.put("type", ApiProblem.TYPE_PREFIX + slug);
                example.put("title", slug.substring(0, 1).toUpperCase() + slug.substring(1).replace('-', ' '));
                example.put("status", status);
                example.put("detail", "What went wrong, in a sentence");
                examples.put(slug, new io.swagger.v3.oas.models.examples.Example().value(example));
            }
            media.setExamples(examples);
            return new ApiResponse().description(String.join("\n", descriptions))
                    .content(new Content().addMediaType(PROBLEM_JSON, media));
        }
    }
}
