package dev.userdeletion.notification.followup;

import dev.userdeletion.contracts.DeletionCompleted;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.notification.Timestamps;
import dev.userdeletion.notification.directory.ContactDirectory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.support.DataAccessUtils;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** Deletion requests, collected rejections, cases and their items. */
@Repository
class FollowUpRepository {

    private final NamedParameterJdbcTemplate jdbc;

    FollowUpRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // --- requests and rejections ---------------------------------------------------------------------

    /**
     * What is known of a deletion request; the counts ({@code rejected} …) are null until its DeletionCompleted
     * arrived.
     *
     * @param notAMember of {@code rejected}, the users who were no longer members of the platform: nothing is left
     *                   for the CSM to remove for them
     */
    record RequestRow(UUID requestId, String platformId, int collected, Integer deleted, Integer rejected,
                      Integer notAMember, Integer alreadyGone, boolean handled) {
        boolean completed() {
            return rejected != null;
        }

        /** The rejected users the CSM has to remove from the platform (known or still to arrive). */
        int forCsm() {
            return rejected - (notAMember == null ? 0 : notAMember);
        }
    }

    record Rejection(UUID userId, RejectionReason reason) {
    }

    /** The request's row, created if absent, locked until the transaction ends: one writer per request. */
    RequestRow lockRequest(UUID requestId, String platformId) {
        jdbc.update("""
                        INSERT INTO deletion_request (request_id, platform_id) VALUES (:requestId, :platformId)
                        ON CONFLICT (request_id) DO NOTHING""",
                new MapSqlParameterSource("requestId", requestId).addValue("platformId", platformId));
        return jdbc.queryForObject("""
                        SELECT request_id, platform_id, collected, deleted, rejected, rejected_not_a_member, already_gone,
                               handled_at
                          FROM deletion_request WHERE request_id = :requestId FOR UPDATE""",
                new MapSqlParameterSource("requestId", requestId), FollowUpRepository::requestRow);
    }

    /** Completed requests not handled yet whose completion arrived at or before {@code cutoff}, oldest first. */
    List<UUID> overdueRequests(Instant cutoff, int limit) {
        return jdbc.queryForList("""
                        SELECT request_id FROM deletion_request
                         WHERE handled_at IS NULL AND completion_seen_at <= :cutoff
                         ORDER BY completion_seen_at LIMIT :limit""",
                new MapSqlParameterSource("cutoff", Timestamps.sql(cutoff)).addValue("limit", limit), UUID.class);
    }

    /**
     * The request, locked, if it is still not handled and its completion arrived at or before {@code cutoff}; empty
     * if it was handled meanwhile or another transaction holds it (another instance handling it, or a rejection or
     * completion being applied: the next run looks again).
     */
    Optional<RequestRow> lockOverdueRequest(UUID requestId, Instant cutoff) {
        return DataAccessUtils.optionalResult(jdbc.query("""
                        SELECT request_id, platform_id, collected, deleted, rejected, rejected_not_a_member, already_gone,
                               handled_at
                          FROM deletion_request
                         WHERE request_id = :requestId AND handled_at IS NULL AND completion_seen_at <= :cutoff
                           FOR UPDATE SKIP LOCKED""",
                new MapSqlParameterSource("requestId", requestId).addValue("cutoff", Timestamps.sql(cutoff)),
                FollowUpRepository::requestRow));
    }

    private static RequestRow requestRow(ResultSet rs, int row) throws SQLException {
        return new RequestRow(rs.getObject("request_id", UUID.class), rs.getString("platform_id"),
                rs.getInt("collected"), (Integer) rs.getObject("deleted"), (Integer) rs.getObject("rejected"),
                (Integer) rs.getObject("rejected_not_a_member"), (Integer) rs.getObject("already_gone"),
                rs.getObject("handled_at") != null);
    }

    /** Stores the request's counts; {@code seenAt} (this service's clock) starts the wait for missing rejections. */
    RequestRow complete(RequestRow request, DeletionCompleted completed, Instant seenAt) {
        int notAMember = completed.rejectedByReason().getOrDefault(RejectionReason.NOT_A_MEMBER, 0);
        jdbc.update("""
                        UPDATE deletion_request SET deleted = :deleted, rejected = :rejected,
                               rejected_not_a_member = :notAMember, already_gone = :alreadyGone,
                               completed_at = :completedAt, completion_seen_at = :seenAt
                         WHERE request_id = :requestId""",
                new MapSqlParameterSource()
                        .addValue("seenAt", Timestamps.sql(seenAt))
                        .addValue("deleted", completed.deleted())
                        .addValue("rejected", completed.rejected())
                        .addValue("notAMember", notAMember)
                        .addValue("alreadyGone", completed.alreadyGone())
                        .addValue("completedAt", Timestamps.sql(completed.completedAt()))
                        .addValue("requestId", request.requestId()));
        return new RequestRow(request.requestId(), request.platformId(), request.collected(), completed.deleted(),
                completed.rejected(), notAMember, completed.alreadyGone(), request.handled());
    }

    void markHandled(UUID requestId, Instant at) {
        jdbc.update("UPDATE deletion_request SET handled_at = :at WHERE request_id = :requestId",
                new MapSqlParameterSource("at", Timestamps.sql(at)).addValue("requestId", requestId));
    }

    /**
     * Stores the rejections not collected yet for this request (a (request, user) pair is collected once) and counts
     * them on the request, in two statements whatever their number; returns those newly collected and the request as
     * it is now.
     */
    Collected addRejections(RequestRow request, List<Rejection> rejections, Instant at) {
        List<Rejection> added = jdbc.query("""
                        INSERT INTO rejection (request_id, user_id, platform_id, reason, received_at)
                        SELECT :requestId, r.user_id, :platformId, r.reason, :at
                          FROM unnest(:userIds::uuid[], :reasons::varchar[]) AS r(user_id, reason)
                        ON CONFLICT (request_id, user_id) DO NOTHING
                        RETURNING user_id, reason""",
                new MapSqlParameterSource()
                        .addValue("requestId", request.requestId())
                        .addValue("platformId", request.platformId())
                        .addValue("at", Timestamps.sql(at))
                        .addValue("userIds", new SqlArrayValue("uuid",
                                rejections.stream().map(Rejection::userId).toArray()))
                        .addValue("reasons", new SqlArrayValue("varchar",
                                rejections.stream().map(r -> r.reason().name()).toArray())),
                (rs, i) -> new Rejection(rs.getObject(1, UUID.class), RejectionReason.valueOf(rs.getString(2))));
        if (added.isEmpty()) {
            return new Collected(List.of(), request);
        }
        jdbc.update("UPDATE deletion_request SET collected = collected + :added WHERE request_id = :requestId",
                new MapSqlParameterSource("added", added.size()).addValue("requestId", request.requestId()));
        return new Collected(added, new RequestRow(request.requestId(), request.platformId(),
                request.collected() + added.size(), request.deleted(), request.rejected(), request.notAMember(),
                request.alreadyGone(), request.handled()));
    }

    /** Rejections newly collected, and the request counting them. */
    record Collected(List<Rejection> added, RequestRow request) {
    }

    List<Rejection> rejections(UUID requestId) {
        return jdbc.query("SELECT user_id, reason FROM rejection WHERE request_id = :requestId ORDER BY user_id",
                new MapSqlParameterSource("requestId", requestId),
                (rs, i) -> new Rejection(rs.getObject("user_id", UUID.class),
                        RejectionReason.valueOf(rs.getString("reason"))));
    }

    /** Completed requests not handled yet (some announced rejections have not arrived). */
    int requestsAwaitingRejections() {
        return jdbc.getJdbcOperations().queryForObject("""
                        SELECT count(*) FROM deletion_request WHERE completed_at IS NOT NULL AND handled_at IS NULL""",
                Integer.class);
    }

    // --- cases and items -----------------------------------------------------------------------------

    /** A case; {@code reopened} counts how often a late rejection reopened it (the round of its next closing). */
    record CaseRow(UUID caseId, String platformId, UUID requestId, CaseState state, int reopened) {
    }

    record NewItem(UUID userId, String email, RejectionReason reason, ItemState state) {
    }

    /** An OPEN item of a user, with its case. */
    record OpenItem(UUID caseId, String platformId, UUID requestId, UUID userId) {
    }

    void insertCase(UUID caseId, String platformId, UUID requestId, Instant openedAt) {
        jdbc.update("""
                        INSERT INTO follow_up_case (case_id, platform_id, request_id, state, opened_at)
                        VALUES (:caseId, :platformId, :requestId, 'OPEN', :openedAt)""",
                new MapSqlParameterSource("caseId", caseId).addValue("platformId", platformId)
                        .addValue("requestId", requestId).addValue("openedAt", Timestamps.sql(openedAt)));
    }

    /** Inserts an item; {@code tellCsm}: the CSM is still to be told about it (an item added to an opened case). */
    void insertItem(UUID caseId, NewItem item, Instant at, boolean tellCsm) {
        jdbc.update("""
                        INSERT INTO follow_up_item (case_id, user_id, email, reason, state, resolved_at,
                                                    csm_told_pending)
                        VALUES (:caseId, :userId, :email, :reason, :state, :resolvedAt, :tellCsm)""",
                new MapSqlParameterSource()
                        .addValue("tellCsm", tellCsm)
                        .addValue("caseId", caseId)
                        .addValue("userId", item.userId())
                        .addValue("email", item.email())
                        .addValue("reason", item.reason().name())
                        .addValue("state", item.state().name())
                        .addValue("resolvedAt", item.state() == ItemState.RESOLVED ? Timestamps.sql(at) : null,
                                java.sql.Types.TIMESTAMP_WITH_TIMEZONE));
    }

    /** The open follow-up items of these users, locked, in case and user order. */
    List<OpenItem> lockOpenItemsOf(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                        SELECT i.case_id, c.platform_id, c.request_id, i.user_id FROM follow_up_item i
                          JOIN follow_up_case c ON c.case_id = i.case_id
                         WHERE i.user_id = ANY(CAST(:userIds AS uuid[])) AND i.state = 'OPEN'
                         ORDER BY i.case_id, i.user_id FOR UPDATE OF i""",
                new MapSqlParameterSource("userIds", userIds.toArray(UUID[]::new)),
                (rs, i) -> new OpenItem(rs.getObject("case_id", UUID.class), rs.getString("platform_id"),
                        rs.getObject("request_id", UUID.class), rs.getObject("user_id", UUID.class)));
    }

    void resolveItem(OpenItem item, Instant at) {
        jdbc.update("""
                        UPDATE follow_up_item SET state = 'RESOLVED', resolved_at = :at
                         WHERE case_id = :caseId AND user_id = :userId AND state = 'OPEN'""",
                new MapSqlParameterSource("at", Timestamps.sql(at)).addValue("caseId", item.caseId())
                        .addValue("userId", item.userId()));
    }

    /**
     * Open items opened before the users' emails were known get them now. Only open ones: the email of a resolved
     * item of a case closed longer than the retention has been dropped on purpose ({@link ClosedCaseEmails}), and a
     * later UserState of the same user must not bring it back.
     */
    void fillMissingEmails(Collection<ContactDirectory.Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbc.update("""
                        UPDATE follow_up_item i SET email = t.email
                          FROM unnest(CAST(:userIds AS uuid[]), CAST(:emails AS text[])) AS t(user_id, email)
                         WHERE i.user_id = t.user_id AND i.email IS NULL AND i.state = 'OPEN'""",
                new MapSqlParameterSource()
                        .addValue("userIds", changes.stream().map(ContactDirectory.Change::userId)
                                .toArray(UUID[]::new))
                        .addValue("emails", changes.stream().map(ContactDirectory.Change::email)
                                .toArray(String[]::new)));
    }

    /** The emails the items of these users hold (by user). */
    Map<UUID, String> emailsOf(Collection<UUID> userIds) {
        Map<UUID, String> emails = new HashMap<>();
        if (!userIds.isEmpty()) {
            jdbc.query("SELECT DISTINCT user_id, email FROM follow_up_item WHERE user_id = ANY(CAST(:userIds AS uuid[]))"
                            + " AND email IS NOT NULL",
                    new MapSqlParameterSource("userIds", userIds.toArray(UUID[]::new)),
                    rs -> {
                        emails.put(rs.getObject("user_id", UUID.class), rs.getString("email"));
                    });
        }
        return emails;
    }

    /** Deleted users' emails do not survive here either. */
    void eraseEmails(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        jdbc.update("UPDATE follow_up_item SET email = NULL WHERE user_id = ANY(CAST(:userIds AS uuid[]))"
                        + " AND email IS NOT NULL",
                new MapSqlParameterSource("userIds", userIds.toArray(UUID[]::new)));
    }

    CaseRow lockCase(UUID caseId) {
        return jdbc.queryForObject("""
                        SELECT case_id, platform_id, request_id, state, reopened FROM follow_up_case
                         WHERE case_id = :caseId FOR UPDATE""",
                new MapSqlParameterSource("caseId", caseId), FollowUpRepository::caseRow);
    }

    /** The case of a request (at most one), locked. */
    Optional<CaseRow> lockCaseOf(UUID requestId) {
        return DataAccessUtils.optionalResult(jdbc.query("""
                        SELECT case_id, platform_id, request_id, state, reopened FROM follow_up_case
                         WHERE request_id = :requestId FOR UPDATE""",
                new MapSqlParameterSource("requestId", requestId), FollowUpRepository::caseRow));
    }

    private static CaseRow caseRow(ResultSet rs, int row) throws SQLException {
        return new CaseRow(rs.getObject("case_id", UUID.class), rs.getString("platform_id"),
                rs.getObject("request_id", UUID.class), CaseState.valueOf(rs.getString("state")), rs.getInt("reopened"));
    }

    /** A CLOSED case that got an open item is OPEN again; returns it as it is now. */
    CaseRow reopenCase(CaseRow followUp) {
        jdbc.update("""
                        UPDATE follow_up_case SET state = 'OPEN', closed_at = NULL, reopened = reopened + 1
                         WHERE case_id = :caseId""",
                new MapSqlParameterSource("caseId", followUp.caseId()));
        return new CaseRow(followUp.caseId(), followUp.platformId(), followUp.requestId(), CaseState.OPEN,
                followUp.reopened() + 1);
    }

    /** An item added to a case after it opened, still to be told to the CSM. */
    record AddedItem(UUID caseId, String platformId, UUID requestId, UUID userId, String email, ItemState state) {
    }

    /**
     * Takes up to {@code limit} items added since the CSM was last told (clearing their mark), skipping items another
     * transaction holds (a resolution under way, or another instance doing the same): they are taken by a later run.
     */
    List<AddedItem> takeItemsToTell(int limit) {
        return jdbc.query("""
                        WITH taken AS (
                            SELECT case_id, user_id FROM follow_up_item WHERE csm_told_pending
                             ORDER BY case_id, user_id LIMIT :limit FOR UPDATE SKIP LOCKED)
                        UPDATE follow_up_item i SET csm_told_pending = false
                          FROM taken t, follow_up_case c
                         WHERE i.case_id = t.case_id AND i.user_id = t.user_id AND c.case_id = i.case_id
                        RETURNING i.case_id, c.platform_id, c.request_id, i.user_id, i.email, i.state""",
                new MapSqlParameterSource("limit", limit),
                (rs, i) -> new AddedItem(rs.getObject("case_id", UUID.class), rs.getString("platform_id"),
                        rs.getObject("request_id", UUID.class), rs.getObject("user_id", UUID.class),
                        rs.getString("email"), ItemState.valueOf(rs.getString("state"))));
    }

    int countItems(UUID caseId, ItemState state) {
        return jdbc.queryForObject("SELECT count(*) FROM follow_up_item WHERE case_id = :caseId AND state = :state",
                new MapSqlParameterSource("caseId", caseId).addValue("state", state.name()), Integer.class);
    }

    int countItems(UUID caseId) {
        return jdbc.queryForObject("SELECT count(*) FROM follow_up_item WHERE case_id = :caseId",
                new MapSqlParameterSource("caseId", caseId), Integer.class);
    }

    void closeCase(UUID caseId, Instant at) {
        jdbc.update("UPDATE follow_up_case SET state = 'CLOSED', closed_at = :at WHERE case_id = :caseId",
                new MapSqlParameterSource("at", Timestamps.sql(at)).addValue("caseId", caseId));
    }

    // --- reading -------------------------------------------------------------------------------------

    /** Cases, newest first, optionally of one platform and/or in one state, with their items. */
    List<FollowUpCase> find(String platformId, CaseState state) {
        List<FollowUpCase> cases = jdbc.query("""
                        SELECT case_id, platform_id, request_id, state, opened_at, closed_at FROM follow_up_case
                         WHERE (CAST(:platformId AS varchar) IS NULL OR platform_id = :platformId)
                           AND (CAST(:state AS varchar) IS NULL OR state = :state)
                         ORDER BY opened_at DESC, seq DESC""",
                new MapSqlParameterSource()
                        .addValue("platformId", platformId, java.sql.Types.VARCHAR)
                        .addValue("state", state == null ? null : state.name(), java.sql.Types.VARCHAR),
                (rs, i) -> new FollowUpCase(rs.getObject("case_id", UUID.class), rs.getString("platform_id"),
                        rs.getObject("request_id", UUID.class), CaseState.valueOf(rs.getString("state")),
                        Timestamps.read(rs, "opened_at"), Timestamps.read(rs, "closed_at"), List.of()));
        return withItems(cases);
    }

    Optional<FollowUpCase> find(UUID caseId) {
        return DataAccessUtils.optionalResult(jdbc.query("""
                        SELECT case_id, platform_id, request_id, state, opened_at, closed_at FROM follow_up_case
                         WHERE case_id = :caseId""",
                new MapSqlParameterSource("caseId", caseId),
                (rs, i) -> new FollowUpCase(rs.getObject("case_id", UUID.class), rs.getString("platform_id"),
                        rs.getObject("request_id", UUID.class), CaseState.valueOf(rs.getString("state")),
                        Timestamps.read(rs, "opened_at"), Timestamps.read(rs, "closed_at"), List.of())))
                .map(c -> withItems(List.of(c)).getFirst());
    }

    private List<FollowUpCase> withItems(List<FollowUpCase> cases) {
        if (cases.isEmpty()) {
            return cases;
        }
        Map<UUID, List<FollowUpCase.Item>> items = new LinkedHashMap<>();
        jdbc.query("""
                        SELECT case_id, user_id, email, reason, state FROM follow_up_item
                         WHERE case_id = ANY(CAST(:ids AS uuid[])) ORDER BY case_id, email NULLS LAST, user_id""",
                new MapSqlParameterSource("ids", cases.stream().map(FollowUpCase::caseId).toArray(UUID[]::new)),
                rs -> {
                    items.computeIfAbsent(rs.getObject("case_id", UUID.class), id -> new ArrayList<>())
                            .add(new FollowUpCase.Item(rs.getObject("user_id", UUID.class), rs.getString("email"),
                                    RejectionReason.valueOf(rs.getString("reason")),
                                    ItemState.valueOf(rs.getString("state"))));
                });
        return cases.stream().map(c -> new FollowUpCase(c.caseId(), c.platformId(), c.requestId(), c.state(),
                c.openedAt(), c.closedAt(), List.copyOf(items.getOrDefault(c.caseId(), List.of())))).toList();
    }
}
