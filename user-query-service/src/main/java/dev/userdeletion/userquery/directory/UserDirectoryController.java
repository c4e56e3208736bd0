package dev.userdeletion.userquery.directory;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.Inputs;
import dev.userdeletion.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A platform's users: filtered, sorted, paged lists, counts, the full list of matching ids (streamed)
 * and a lookup of given ids. Every answer is scoped to the platform in the path.
 *
 * <p>Filters, shared by the lists, the count and the id list: {@code email} (case-insensitive substring,
 * {@code %}, {@code _} and {@code \} taken literally; empty means any), {@code role} (repeatable or
 * comma-separated, {@code MENTOR}/{@code MENTEE}; empty values are ignored), {@code lastLoginOnOrBefore}
 * ({@code yyyy-MM-dd}, inclusive, UTC; users who never logged in match too).
 */
@RestController
// produces: an Accept the answer cannot meet is refused (406) before anything is read
@RequestMapping(path = "/api/platforms/{platformId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "User directory", description = "A platform's users: lists, counts, ids, lookups")
class UserDirectoryController {

    private static final Logger log = LoggerFactory.getLogger(UserDirectoryController.class);

    static final int MAX_PAGE_SIZE = 200;
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_LOOKUP_IDS = 10_000;

    private static final String FILTERS = " Filters: email (case-insensitive substring; %, _ and \\ literal), role"
            + " (repeatable: MENTOR, MENTEE), lastLoginOnOrBefore (yyyy-MM-dd, inclusive, UTC; users who never logged in"
            + " match too).";
    private static final String BUSY = "the directory was already running as many queries as it runs at once"
            + " (user-query.directory.concurrent-queries) for longer than this one may wait"
            + " (user-query.directory.query-wait); nothing was read, try again";
    /** Writes the id stream element by element; an open array is left open when the writing stops early. */
    private static final JsonMapper STREAM = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    private final UserDirectory directory;
    private final PageCursor.Codec cursors;

    UserDirectoryController(UserDirectory directory, PageCursor.Codec cursors) {
        this.directory = directory;
        this.cursors = cursors;
    }

    /** A page of the platform's users; {@code sort} is {@code email} (default) or {@code lastLoginAt}, {@code ,asc|,desc}. */
    @GetMapping("/users")
    @Operation(summary = "One page of the platform's users",
            description = "Sorted by email (default) or lastLoginAt, each ,asc or ,desc (ties by user id); size 1-200"
                    + " (default 50). page from 0, or after = the nextCursor of the previous page (keyset: as fast at"
                    + " any depth; page must then be absent or 0; valid for the same platform and filters, while the"
                    + " user it continues after is on the platform, otherwise 400). A list with an email term is"
                    + " counted up to " + UserDirectory.TOTAL_BOUND
                    + " users: beyond, totalIsExact is false and totalElements a lower bound."
                    + FILTERS)
    @ApiResponse(responseCode = "200", description = "The page, with the total")
    @ProblemResponse(status = 503, types = "busy", description = BUSY)
    UserPage users(@PathVariable String platformId,
                   @RequestParam(required = false) String email,
                   @RequestParam(name = "role", required = false) List<String> roles,
                   @RequestParam(required = false) String lastLoginOnOrBefore,
                   @RequestParam(required = false) String sort,
                   @RequestParam(defaultValue = "0") int page,
                   @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
                   @RequestParam(required = false) String after) {
        UserFilter filter = filter(platformId, email, roles, lastLoginOnOrBefore);
        UserSort order = UserSort.parse(sort);
        if (page < 0) {
            throw ApiProblem.invalid("page must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiProblem.invalid("size must be between 1 and " + MAX_PAGE_SIZE);
        }
        if (after != null && page != 0) {
            throw ApiProblem.invalid("page and after cannot be combined: after already says where the page starts");
        }
        PageCursor cursor = after == null ? null : cursors.decode(after, order, filter);
        UserDirectory.Page found = directory.page(filter, order, page, size, cursor);
        return new UserPage(found.items(), found.page(), size, found.totalElements(),
                (found.totalElements() + size - 1) / size, found.totalIsExact(),
                found.next() == null ? null : cursors.encode(found.next(), filter));
    }

    @GetMapping("/users/count")
    @Operation(summary = "How many of the platform's users match", description = "The same filters as the list."
            + FILTERS)
    @ApiResponse(responseCode = "200", description = "The number of matching users")
    @ProblemResponse(status = 503, types = "busy", description = BUSY)
    UserCount count(@PathVariable String platformId,
                    @RequestParam(required = false) String email,
                    @RequestParam(name = "role", required = false) List<String> roles,
                    @RequestParam(required = false) String lastLoginOnOrBefore) {
        return new UserCount(directory.count(filter(platformId, email, roles, lastLoginOnOrBefore)));
    }

    /**
     * Every matching user id as a JSON array of strings, written while it is read from a database cursor
     * (constant memory for any number of ids). With {@code withPlatformCount=true} each element is
     * {@code {"userId": …, "platformCount": n}} instead: a deletion review then needs no lookup of the ids. If the
     * read fails midway the array is left unclosed, so a client can never mistake a partial list for a complete one.
     */
    @GetMapping("/user-ids")
    @Operation(summary = "Every matching user id, streamed",
            responses = @ApiResponse(responseCode = "200", description = "JSON array of user ids (order unspecified);"
                    + " with withPlatformCount=true, of {userId, platformCount}",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            array = @ArraySchema(schema = @Schema(type = "string", format = "uuid")))))
    void userIds(@PathVariable String platformId,
                 @RequestParam(required = false) String email,
                 @RequestParam(name = "role", required = false) List<String> roles,
                 @RequestParam(required = false) String lastLoginOnOrBefore,
                 @RequestParam(defaultValue = "false") boolean withPlatformCount,
                 HttpServletResponse response) throws IOException {
        UserFilter filter = filter(platformId, email, roles, lastLoginOnOrBefore);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        // AUTO_CLOSE_CONTENT off: if the read fails midway the array must stay open, never look complete
        try (JsonGenerator json = STREAM.createGenerator(new BufferedOutputStream(response.getOutputStream(), 64 * 1024))) {
            json.writeStartArray();
            if (withPlatformCount) {
                directory.streamMembers(filter, (id, platformCount) -> {
                    json.writeStartObject();
                    json.writeStringProperty("userId", id.toString());
                    json.writeNumberProperty("platformCount", platformCount);
                    json.writeEndObject();
                });
            } else {
                directory.streamUserIds(filter, id -> json.writeString(id.toString()));
            }
            json.writeEndArray();
        } catch (JacksonIOException e) {
            // the client went away; the transaction is over and there is no one left to answer
            log.info("Client stopped reading the user ids of platform {}: {}", platformId, e.getCause().toString());
        }
    }

    /**
     * The users among {@code userIds} (at most {@value #MAX_LOOKUP_IDS}) that are members of this
     * platform, in the order asked for (duplicates once), and the ids that are not. JSON only: any other
     * content type is refused before the body is read (a form body would be parsed as parameters).
     */
    @PostMapping(path = "/users/lookup", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Which of these users are members of the platform", description = "{userIds: [...]}, at"
            + " most 10,000 ids: the members in the order asked for (duplicates once) and the ids that are not.")
    @ApiResponse(responseCode = "200", description = "The members found and the unknown ids")
    @ProblemResponse(status = 503, types = "busy", description = BUSY)
    LookupResult lookup(@PathVariable String platformId, @RequestBody LookupRequest request) {
        Inputs.platformId(platformId);
        if (request == null || request.userIds() == null) {
            throw ApiProblem.invalid("userIds is required");
        }
        if (request.userIds().size() > MAX_LOOKUP_IDS) {
            throw ApiProblem.invalid("userIds may hold at most " + MAX_LOOKUP_IDS + " ids in one call; split the lookup");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (int i = 0; i < request.userIds().size(); i++) {
            ids.add(Inputs.uuid(request.userIds().get(i), "userIds[" + i + "]"));
        }
        Map<UUID, UserItem> found = new HashMap<>();
        directory.members(platformId, ids).forEach(item -> found.put(item.userId(), item));
        List<UserItem> items = new ArrayList<>(found.size());
        List<UUID> unknown = new ArrayList<>();
        for (UUID id : ids) {
            UserItem item = found.get(id);
            if (item == null) {
                unknown.add(id);
            } else {
                items.add(item);
            }
        }
        return new LookupResult(items, unknown);
    }

    private static UserFilter filter(String platformId, String email, List<String> roles, String lastLoginOnOrBefore) {
        // the access rules already imply it (a token's platform_id has this shape); the queries do not rely on them
        Inputs.platformId(platformId);
        Set<Role> wanted = EnumSet.noneOf(Role.class);
        for (String role : roles == null ? List.<String>of() : roles) {
            if (role != null && !role.isBlank()) { // an empty parameter of a form is no role
                wanted.add(Inputs.role(role.strip(), "role"));
            }
        }
        // the start of the day after the date (UTC): a last login on that date is before it
        LocalDate onOrBefore = lastLoginOnOrBefore == null || lastLoginOnOrBefore.isEmpty() ? null
                : Inputs.date(lastLoginOnOrBefore, "lastLoginOnOrBefore");
        return new UserFilter(platformId, Inputs.emailTerm(email, "email"), wanted,
                onOrBefore == null ? null : onOrBefore.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
