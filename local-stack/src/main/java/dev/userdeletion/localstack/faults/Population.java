package dev.userdeletion.localstack.faults;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.Role;
import dev.userdeletion.contracts.UserState;
import dev.userdeletion.infra.LocalInfrastructure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The users of one fault scenario: a platform whose users are all deleted, and a second platform that every
 * {@code multiPlatformEvery}-th of them also belongs to (they are refused and handed to the CSM). Seeded straight
 * into membership-service's database with COPY, and the matching {@code UserState} events are published to Kafka
 * exactly as its relay would, so the read model and the notification directory learn them as they would in
 * production; a few thousand users this way take a second instead of minutes of single API calls.
 *
 * @param platform the platform whose users are deleted
 * @param other    the second platform of the multi-platform users
 * @param singles  users on {@code platform} only: all must be deleted
 * @param multis   users on both: all must be refused, then removed from {@code platform} by the CSM
 */
public record Population(String platform, String other, List<UUID> singles, List<UUID> multis) {

    public int size() {
        return singles.size() + multis.size();
    }

    public String csmEmail() {
        return "csm-" + platform + "@example.com";
    }

    public String adminEmail() {
        return "admin-" + platform + "@example.com";
    }

    static Population seed(LocalInfrastructure infra, String platform, int users, int multiPlatformEvery) {
        String other = platform + "-o";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<UUID> singles = new ArrayList<>();
        List<UUID> multis = new ArrayList<>();
        List<UserState> states = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            UUID id = UUID.randomUUID();
            boolean multi = i % multiPlatformEvery == 0;
            (multi ? multis : singles).add(id);
            Role role = i % 3 == 0 ? Role.MENTOR : Role.MENTEE;
            Instant joined = now.minus(400 - i % 400, ChronoUnit.DAYS);
            List<UserState.Membership> memberships = multi
                    ? List.of(new UserState.Membership(platform, role, joined), new UserState.Membership(other, role, joined))
                    : List.of(new UserState.Membership(platform, role, joined));
            Instant lastLogin = i % 7 == 0 ? null : now.minus(i % 500, ChronoUnit.DAYS);
            states.add(new UserState(id, "u" + i + "@" + platform + ".fault.example", lastLogin, memberships, 1,
                    "fault-seed"));
        }
        copyIntoMembership(infra, platform, other, states, now);
        publish(infra.bootstrapServers(), states);
        return new Population(platform, other, List.copyOf(singles), List.copyOf(multis));
    }

    private static void copyIntoMembership(LocalInfrastructure infra, String platform, String other,
                                           List<UserState> states, Instant now) {
        try (Connection con = DriverManager.getConnection(infra.jdbcUrl("membership"), LocalInfrastructure.DB_USER,
                LocalInfrastructure.DB_PASSWORD)) {
            con.setAutoCommit(false);
            StringBuilder platforms = new StringBuilder();
            for (String p : List.of(platform, other)) {
                platforms.append(p).append("\tFault scenario ").append(p).append("\tcsm-").append(p)
                        .append("@example.com\tadmin-").append(p).append("@example.com\t").append(now).append('\t')
                        .append(now).append('\n');
            }
            copy(con, "COPY platforms (id, name, csm_email, admin_email, created_at, updated_at) FROM STDIN", platforms);
            StringBuilder users = new StringBuilder();
            StringBuilder memberships = new StringBuilder();
            StringBuilder accessList = new StringBuilder();
            for (UserState s : states) {
                users.append(s.userId()).append('\t').append(s.email()).append('\t')
                        .append(s.lastLoginAt() == null ? "\\N" : s.lastLoginAt()).append("\t1\t").append(now).append('\n');
                for (UserState.Membership m : s.memberships()) {
                    memberships.append(s.userId()).append('\t').append(m.platformId()).append('\t').append(m.role())
                            .append('\t').append(m.joinedAt()).append('\n');
                    accessList.append(m.platformId()).append('\t').append(s.email()).append('\t').append(m.joinedAt())
                            .append('\n');
                }
            }
            copy(con, "COPY users (id, email, last_login_at, revision, created_at) FROM STDIN", users);
            copy(con, "COPY memberships (user_id, platform_id, role, joined_at) FROM STDIN", memberships);
            copy(con, "COPY access_list (platform_id, email, added_at) FROM STDIN", accessList);
            con.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Seeding membership-service's database failed", e);
        }
    }

    private static void copy(Connection con, String sql, CharSequence rows) throws SQLException {
        CopyIn in = con.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        in.endCopy();
    }

    private static void publish(String bootstrapServers, List<UserState> states) {
        EventCodec codec = new EventCodec();
        EventType type = EventType.USER_STATE;
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.CLIENT_ID_CONFIG, "fault-seeder");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(states.size());
            for (UserState state : states) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                headers.add("eventType", type.wireName().getBytes(StandardCharsets.UTF_8));
                headers.add("schemaVersion", String.valueOf(type.version()).getBytes(StandardCharsets.UTF_8));
                headers.add("createdAt", String.valueOf(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(new ProducerRecord<>(type.topic(), null, state.key(),
                        codec.encode(state).getBytes(StandardCharsets.UTF_8), headers)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Kafka refused a UserState event of the fault population", e);
        }
    }
}
