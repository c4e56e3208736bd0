package dev.userdeletion.localstack.benchmark;

import dev.userdeletion.contracts.EventCodec;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.Role;
import dev.userdeletion.contracts.UserState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
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
 * The benchmark's users, derived from their index alone (no million-element list in memory): ids look
 * random (a bijective mix of the index, so btree inserts are as scattered as with real UUIDs), both
 * roles, last logins spread over two years with 10% who never logged in. Seeds membership-service's
 * database with COPY and publishes the matching {@code UserState} events to Kafka exactly as the
 * relay would (key, headers {@code id}, {@code eventType}, {@code schemaVersion}, {@code createdAt}).
 */
final class Dataset {

    static final String PLATFORM_PREFIX = "bench-p";
    /** Term of the email-substring filter: one first name in sixteen. */
    static final String EMAIL_TERM = "grace";

    private static final String[] FIRST = {"ada", "alan", "grace", "linus", "margaret", "dennis", "barbara", "ken",
            "frances", "edsger", "radia", "tim", "hedy", "john", "katherine", "donald"};
    private static final String[] LAST = {"lovelace", "turing", "hopper", "torvalds", "hamilton", "ritchie", "liskov",
            "thompson", "allen", "dijkstra", "perlman", "berners-lee", "lamarr", "backus", "johnson", "knuth"};
    private static final String[] DOMAINS = {"bench.example", "mentoring.bench.example", "academy.bench.example",
            "corp.bench.example"};
    private static final long TWO_YEARS_SECONDS = Duration.ofDays(730).toSeconds();

    private final BenchmarkScale scale;
    private final Instant now;
    /** Sizes of platform 0 and of the delete-all platforms 1, 2 (and 3), by platform index. */
    private final int[] fixedSizes;
    /** Index of the first user of each fixed platform, and after the last one the first of the others. */
    private final int[] firstUser;
    private final int otherPlatforms;
    private final int otherPlatformSize;

    Dataset(BenchmarkScale scale, Instant now) {
        this.scale = scale;
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
        int d = scale.deletionPlatform();
        this.fixedSizes = scale.tenfoldDeletion() ? new int[] {scale.largestPlatform(), d, d / 10, d * 10}
                : new int[] {scale.largestPlatform(), d, d / 10};
        this.firstUser = new int[fixedSizes.length + 1];
        for (int p = 0; p < fixedSizes.length; p++) {
            firstUser[p + 1] = firstUser[p] + fixedSizes[p];
        }
        this.otherPlatforms = scale.totalPlatforms() - fixedSizes.length;
        int otherUsers = scale.totalUsers() - firstUser[fixedSizes.length];
        this.otherPlatformSize = (otherUsers + otherPlatforms - 1) / otherPlatforms;
    }

    record User(UUID id, String email, Role role, Instant lastLoginAt, Instant joinedAt, String primary,
                String second) {

        List<String> platforms() {
            return second == null ? List.of(primary) : List.of(primary, second);
        }
    }

    /**
     * A platform whose users are all deleted by one request.
     *
     * @param multiPlatform its users who are on another platform too (rejected: only they stay)
     */
    record DeleteAll(String platformId, int users, int multiPlatform) {

        int singlePlatform() {
            return users - multiPlatform;
        }
    }

    BenchmarkScale scale() {
        return scale;
    }

    static String platform(int index) {
        return PLATFORM_PREFIX + (index < 10 ? "0" : "") + index;
    }

    String largestPlatform() {
        return platform(0);
    }

    /** The delete-all platforms in the order they are deleted: smallest first (platform 2, 1, then 3). */
    List<DeleteAll> deleteAlls() {
        List<DeleteAll> all = new ArrayList<>();
        for (int p : scale.tenfoldDeletion() ? new int[] {2, 1, 3} : new int[] {2, 1}) {
            int multi = 0;
            for (int i = firstUser[p]; i < firstUser[p + 1]; i++) {
                if (user(i).second() != null) {
                    multi++;
                }
            }
            all.add(new DeleteAll(platform(p), fixedSizes[p], multi));
        }
        return all;
    }

    /** Rows of the read model: one per (platform, user). */
    long memberships() {
        long rows = 0;
        for (int i = 0; i < scale.totalUsers(); i++) {
            rows += user(i).second() == null ? 1 : 2;
        }
        return rows;
    }

    User user(int i) {
        long h = mix(i);
        int primaryIndex = primaryPlatform(i);
        String second = null;
        if (i % scale.multiPlatformEvery() == 0) {
            // one of the other platforms except the primary one, so platform 0 and the delete-all platforms keep
            // their exact sizes
            int fixed = fixedSizes.length;
            int candidates = otherPlatforms - (primaryIndex >= fixed ? 1 : 0);
            int pick = fixed + (int) Long.remainderUnsigned(h >>> 24, candidates);
            if (primaryIndex >= fixed && pick >= primaryIndex) {
                pick++;
            }
            second = platform(pick);
        }
        Role role = Long.remainderUnsigned(h, 10) < 3 ? Role.MENTOR : Role.MENTEE;
        Instant lastLogin = i % 10 == 5 ? null
                : now.minusSeconds(Long.remainderUnsigned(mix(h), TWO_YEARS_SECONDS));
        String email = FIRST[(int) ((h >>> 8) & 15)] + "." + LAST[(int) ((h >>> 12) & 15)] + i + "@"
                + DOMAINS[(int) ((h >>> 16) & 3)];
        Instant joined = now.minus(Duration.ofDays(800)).plusSeconds(i);
        return new User(new UUID(mix(h ^ 0x9E3779B97F4A7C15L) & 0xFFFFFFFFFFFF0FFFL | 0x4000L,
                h & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L), email, role, lastLogin, joined,
                platform(primaryIndex), second);
    }

    private int primaryPlatform(int i) {
        for (int p = 0; p < fixedSizes.length; p++) {
            if (i < firstUser[p + 1]) {
                return p;
            }
        }
        return fixedSizes.length + (i - firstUser[fixedSizes.length]) / otherPlatformSize;
    }

    /** SplitMix64's finaliser: a bijection, so distinct indexes give distinct ids. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Writes platforms, users, memberships and access-list entries into membership-service's database. */
    void seedMembership(String jdbcUrl, String user, String password) {
        try (Connection con = DriverManager.getConnection(jdbcUrl, user, password)) {
            con.setAutoCommit(false);
            String ts = now.toString();
            copy(con, "COPY platforms (id, name, csm_email, admin_email, created_at, updated_at) FROM STDIN",
                    scale.totalPlatforms(), p -> platform(p) + "\tBenchmark platform " + p + "\tcsm+" + platform(p)
                            + "@example.com\tadmin+" + platform(p) + "@example.com\t" + ts + "\t" + ts + "\n");
            copy(con, "COPY users (id, email, last_login_at, revision, created_at) FROM STDIN", scale.totalUsers(), i -> {
                User u = user(i);
                return u.id() + "\t" + u.email() + "\t" + (u.lastLoginAt() == null ? "\\N" : u.lastLoginAt()) + "\t1\t"
                        + u.joinedAt() + "\n";
            });
            copy(con, "COPY memberships (user_id, platform_id, role, joined_at) FROM STDIN", scale.totalUsers(), i -> {
                User u = user(i);
                StringBuilder rows = new StringBuilder();
                for (String p : u.platforms()) {
                    rows.append(u.id()).append('\t').append(p).append('\t').append(u.role()).append('\t')
                            .append(u.joinedAt()).append('\n');
                }
                return rows.toString();
            });
            copy(con, "COPY access_list (platform_id, email, added_at) FROM STDIN", scale.totalUsers(), i -> {
                User u = user(i);
                StringBuilder rows = new StringBuilder();
                for (String p : u.platforms()) {
                    rows.append(p).append('\t').append(u.email()).append('\t').append(u.joinedAt()).append('\n');
                }
                return rows.toString();
            });
            con.commit();
            try (var st = con.createStatement()) {
                st.execute("ANALYZE platforms, users, memberships, access_list");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Seeding membership-service's database failed", e);
        }
    }

    private static void copy(Connection con, String sql, int count, IntFunction<String> rows) throws SQLException {
        CopyIn in = con.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        StringBuilder chunk = new StringBuilder(1 << 20);
        for (int i = 0; i < count; i++) {
            chunk.append(rows.apply(i));
            if (chunk.length() > (1 << 20) - 1024 || i == count - 1) {
                byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
                in.writeToCopy(bytes, 0, bytes.length);
                chunk.setLength(0);
            }
        }
        in.endCopy();
    }

    /** The state membership-service would publish for user {@code i}. */
    UserState state(int i) {
        User u = user(i);
        List<UserState.Membership> memberships = new ArrayList<>(2);
        for (String p : u.platforms()) {
            memberships.add(new UserState.Membership(p, u.role(), u.joinedAt()));
        }
        return new UserState(u.id(), u.email(), u.lastLoginAt(), memberships, 1, "benchmark-seed");
    }

    /**
     * Publishes one {@code UserState} per user with a producer tuned for throughput; waits for every ack. Returns
     * the CPU it took in this JVM (nanoseconds), so the ingest's profile can show the load generator apart.
     */
    long publishUserStates(String bootstrapServers) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long callerCpuBefore = threads.getCurrentThreadCpuTime();
        EventCodec codec = new EventCodec();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024,
                ProducerConfig.CLIENT_ID_CONFIG, "benchmark-seeder");
        EventType type = EventType.USER_STATE;
        byte[] typeHeader = type.wireName().getBytes(StandardCharsets.UTF_8);
        byte[] versionHeader = String.valueOf(type.version()).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            for (int i = 0; i < scale.totalUsers(); i++) {
                UserState state = state(i);
                RecordHeaders headers = new RecordHeaders();
                headers.add("id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                headers.add("eventType", typeHeader);
                headers.add("schemaVersion", versionHeader);
                headers.add("createdAt", String.valueOf(System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8));
                pending.add(producer.send(new ProducerRecord<>(type.topic(), null, state.key(),
                        codec.encode(state).getBytes(StandardCharsets.UTF_8), headers)));
                if (pending.size() == 50_000) {
                    awaitAll(pending);
                }
            }
            awaitAll(pending);
            return threads.getCurrentThreadCpuTime() - callerCpuBefore + senderCpu(threads);
        }
    }

    /** CPU of the producer's network thread (it compresses and sends the batches), read before it ends. */
    private static long senderCpu(ThreadMXBean threads) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("kafka-producer-network-thread | benchmark-seeder"))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.threadId()))).sum();
    }

    private static void awaitAll(List<Future<RecordMetadata>> pending) {
        try {
            for (Future<RecordMetadata> ack : pending) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Kafka refused a UserState event", e);
        }
        pending.clear();
    }
}
