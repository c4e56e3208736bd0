package dev.userdeletion.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.Topics;
import dev.userdeletion.infra.SharedInfrastructure;
import dev.userdeletion.testsupport.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Users joining a platform while a deletion of those same users runs (issue 18 C): every join gets a defined answer
 * (201, or 409 already-member), never a 500, and the end state is one that some serial order of the join and the
 * deletion gives — no membership a 201 announced is lost.
 */
class JoinWhileDeletingIT extends IntegrationTest {

    private static final int USERS = 300;
    private static final int CHUNK = 10;
    private final EventCodec codec = new EventCodec();

    private record Join(String email, String platform, Response answer) {
    }

    @Test
    void joiningWhileBeingDeletedAnswers201Or409AndKeepsEveryAnnouncedMembership() throws Exception {
        String platform = newPlatform();
        String other = newPlatform();
        List<String> emails = new ArrayList<>();
        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String email = newEmail();
            emails.add(email);
            userIds.add(member(platform, email, "MENTEE"));
        }
        UUID requestId = UUID.randomUUID();
        List<UUID> commands = new ArrayList<>();
        List<UUID> chunk = new ArrayList<>();

        List<Join> joins = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<Future<Join>> answers = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String email = emails.get(i);
                // even users join the same platform again, odd ones another platform, while their deletion runs
                String target = i % 2 == 0 ? platform : other;
                answers.add(clients.submit(() -> new Join(email, target, join(target, email, "MENTOR"))));
                chunk.add(UUID.fromString(userIds.get(i)));
                if (chunk.size() == CHUNK || i == USERS - 1) {
                    // small chunks, so that deletions and joins interleave all through the run
                    DeleteUsers command = new DeleteUsers(UUID.randomUUID(), requestId, platform, List.copyOf(chunk),
                            "admin-1");
                    chunk.clear();
                    commands.add(command.commandId());
                    producer.send(record(command));
                }
            }
            producer.flush();
            for (Future<Join> answer : answers) {
                joins.add(answer.get());
            }
        } finally {
            clients.shutdown();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> executed(commands) == commands.size());

        assertThat(joins).extracting(j -> j.answer().status()).allMatch(s -> s == 201 || s == 409);
        for (int i = 0; i < USERS; i++) {
            String original = userIds.get(i);
            Response answer = joins.get(i).answer();
            boolean originalExists = get("/api/users/" + original).status() == 200;
            if (i % 2 == 0) {
                // join before the deletion: 409 (already a member), then deleted; after it: a new account, 201
                assertThat(originalExists).as("user %d, deleted in either order", i).isFalse();
                if (answer.status() == 201) {
                    assertThat(answer.body().get("userId").asString()).isNotEqualTo(original);
                    assertThat(platformsOf(answer.body().get("userId").asString())).containsExactly(platform);
                } else {
                    assertProblem(answer, 409, "already-member");
                }
            } else {
                assertThat(answer.status()).as("user %d joining another platform", i).isEqualTo(201);
                String joined = answer.body().get("userId").asString();
                if (joined.equals(original)) {
                    // joined first: the deletion found a user on two platforms and rejected it
                    assertThat(platformsOf(original)).containsExactlyInAnyOrder(platform, other);
                } else {
                    // deleted first: the join made a new account
                    assertThat(originalExists).isFalse();
                    assertThat(platformsOf(joined)).containsExactly(other);
                }
            }
        }
    }

    private int executed(List<UUID> commands) {
        return jdbc.queryForObject("SELECT count(*) FROM inbox WHERE consumer = 'membership.delete-user'"
                + " AND event_id = ANY(?::uuid[])", Integer.class, (Object) commands.stream().map(UUID::toString)
                .toArray(String[]::new));
    }

    private List<String> platformsOf(String userId) {
        return jdbc.queryForList("SELECT platform_id FROM memberships WHERE user_id = ?::uuid", String.class, userId);
    }

    private ProducerRecord<String, byte[]> record(DeleteUsers command) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DELETION_COMMANDS, command.key(), codec.encode(command).getBytes(StandardCharsets.UTF_8));
        record.headers().add("id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("eventType", EventType.of(command).wireName().getBytes(StandardCharsets.UTF_8));
        record.headers().add("schemaVersion", String.valueOf(EventType.of(command).version())
                .getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", SharedInfrastructure.get().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }
}
