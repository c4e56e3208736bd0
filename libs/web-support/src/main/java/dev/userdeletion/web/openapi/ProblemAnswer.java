package dev.userdeletion.web.openapi;

import dev.userdeletion.web.ApiProblem;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One status's problem answer of an operation: its type slugs, when it is given, and the schema that says so. */
final class ProblemAnswer {

    static final String PROBLEM_JSON = "application/problem+json";

    private static final Map<String, String> SHARED = Map.of(
            "malformed-body", "the body is not valid JSON for this operation (unknown or repeated fields included)",
            "body-too-large", "the body is larger than web.max-body-size (1 MB by default)",
            "unsupported-media-type", "the body is not application/json",
            "invalid-request", "a path or query parameter breaks its rules (the detail says which)",
            "invalid-parameter", "a parameter has a value of the wrong type or out of range",
            "not-acceptable", "the Accept header admits no type this operation answers with");

    private final int status;
    private final Set<String> types = new LinkedHashSet<>();
    private final List<String> descriptions = new ArrayList<>();

    ProblemAnswer(int status) {
        this.status = status;
    }

    /** Adds or widens {@code answers} among the operation's responses, which stay sorted by status. */
    static void addTo(Operation operation, Iterable<ProblemAnswer> answers) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        Map<String, ApiResponse> sorted = new TreeMap<>(operation.getResponses());
        for (ProblemAnswer answer : answers) {
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

    static Schema<?> problemSchema() {
        Schema<Object> problem = new ObjectSchema()
                .description("An RFC 9457 problem detail; type is https://user-deletion.example/problems/<slug>")
                .addProperty("type", new StringSchema().format("uri").description("The problem's stable type"))
                .addProperty("title", new StringSchema().description("A short summary of the problem type"))
                .addProperty("status", new IntegerSchema().minimum(BigDecimal.valueOf(400))
                        .maximum(BigDecimal.valueOf(599)).description("The HTTP status code"))
                .addProperty("detail", new StringSchema().description("What went wrong with this request, in a sentence"))
                .addProperty("instance", new StringSchema().description("The request path"));
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
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
        Schema<Object> schema = new Schema<>().allOf(List.of(
                new Schema<>().$ref("#/components/schemas/" + ApiDocumentation.PROBLEM), slugs));
        MediaType media = new MediaType().schema(schema);
        Map<String, Example> examples = new LinkedHashMap<>();
        for (String slug : types) {
            Map<String, Object> example = new LinkedHashMap<>();
            example.put("type", ApiProblem.TYPE_PREFIX + slug);
            example.put("title", slug.substring(0, 1).toUpperCase() + slug.substring(1).replace('-', ' '));
            example.put("status", status);
            example.put("detail", "What went wrong, in a sentence");
            examples.put(slug, new Example().value(example));
        }
        media.setExamples(examples);
        return new ApiResponse().description(String.join("\n", descriptions))
                .content(new Content().addMediaType(PROBLEM_JSON, media));
    }
}
