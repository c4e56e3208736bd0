package dev.userdeletion.localstack.erasure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks for one user id or email address everywhere the product keeps anything: every table and column of every
 * database on the PostgreSQL servers (the services' databases: users, read models, requests, inboxes, outboxes, the
 * mail queue, the follow-up cases), every record of every Kafka topic from its beginning (keys, values and headers of
 * the product's topics, their dead-letter topics, the relays' offset topics, Kafka's own), and the files of the local
 * run (caught mail, service logs). It reports places and counts, never a value, so its output holds no one's data.
 */
public final class ErasureCheck {

    /**
     * Where to look. {@code postgresHostPorts}: every PostgreSQL server ({@code host:port}; the local run has two, the
     * read model's apart). {@code folders}: directories whose files are read as text (caught mail, logs); may be
     * empty.
     */
    public record Sources(String bootstrapServers, List<String> postgresHostPorts, String dbUser, String dbPassword,
                          List<Path> folders) {

        public Sources {
            if (postgresHostPorts.isEmpty()) {
                throw new IllegalArgumentException("At least one PostgreSQL server");
            }
            postgresHostPorts = List.copyOf(postgresHostPorts);
            folders = List.copyOf(folders);
        }
    }

    /** What the check found, and how much it read. */
    public record Report(List<Finding> findings, Map<String, Long> looked) {

        public List<Finding> personalData() {
            return findings.stream().filter(Finding::personalData).toList();
        }

        public List<Finding> idOnly() {
            return findings.stream().filter(f -> !f.personalData()).toList();
        }
    }

    private static final Pattern ANY_EMAIL = Pattern.compile(Needle.ANY_EMAIL);
    private static final String USER_STATE = "membership.user-state";
    private static final String MARKER_KEY = "compaction-marker";

    private final Sources sources;

    public ErasureCheck(Sources sources) {
        this.sources = sources;
    }

    public Report check(List<Needle> needles) {
        List<Finding> findings = new ArrayList<>();
        Map<String, Long> looked = new LinkedHashMap<>();
        for (Needle needle : needles) {
            findings.addAll(databases(needle, looked));
            findings.addAll(topics(needle, looked));
            findings.addAll(files(needle, looked));
        }
        return new Report(findings, looked);
    }

    // ---------------------------------------------------------------- databases

    private List<Finding> databases(Needle needle, Map<String, Long> looked) {
        List<Finding> findings = new ArrayList<>();
        long databaseCount = 0;
        long tableCount = 0;
        long columnCount = 0;
        for (String server : sources.postgresHostPorts()) {
            List<String> databases = new ArrayList<>();
            try (Connection c = connect(server, "postgres");
                 ResultSet rs = c.createStatement().executeQuery("SELECT datname FROM pg_database"
                         + " WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY 1")) {
                while (rs.next()) {
                    databases.add(rs.getString(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot reach PostgreSQL at " + server + ": " + e.getMessage(), e);
            }
            databaseCount += databases.size();
            for (String database : databases) {
                try (Connection c = connect(server, database)) {
                    Map<String, List<Column>> tables = columnsByTable(c);
                    tableCount += tables.size();
                    columnCount += tables.values().stream().mapToLong(List::size).sum();
                    for (Map.Entry<String, List<Column>> table : tables.entrySet()) {
                        Finding finding = table(c, database, table.getKey(), table.getValue(), needle);
                        if (finding != null) {
                            findings.add(finding);
                        }
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("Cannot read database " + database + " at " + server + ": "
                            + e.getMessage(), e);
                }
            }
        }
        looked.merge("databases", databaseCount, Math::max);
        looked.merge("tables", tableCount, Math::max);
        looked.merge("text columns", columnCount, Math::max);
        return findings;
    }

    /** A column that can hold text, and how to read it as text. */
    private record Column(String name, String asText) {
    }

    /**
     * Quoted table name → its columns that can hold text (numbers, booleans and times cannot hold an id or address);
     * binary columns are read as escaped text, in which ASCII addresses and ids stay readable.
     */
    private static Map<String, List<Column>> columnsByTable(Connection c) throws SQLException {
        Map<String, List<Column>> tables = new TreeMap<>();
        try (ResultSet rs = c.createStatement().executeQuery("""
                SELECT quote_ident(col.table_schema) || '.' || quote_ident(col.table_name), quote_ident(col.column_name),
                       col.data_type
                  FROM information_schema.columns col
                  JOIN information_schema.tables t
                    ON t.table_schema = col.table_schema AND t.table_name = col.table_name AND t.table_type = 'BASE TABLE'
                 WHERE col.table_schema NOT IN ('pg_catalog', 'information_schema')
                   AND col.data_type NOT IN ('smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision',
                       'boolean', 'date', 'timestamp with time zone', 'timestamp without time zone',
                       'time with time zone', 'time without time zone', 'interval')
                 ORDER BY 1, col.ordinal_position""")) {
            while (rs.next()) {
                String column = rs.getString(2);
                String asText = "bytea".equals(rs.getString(3)) ? "encode(" + column + ", 'escape')" : column + "::text";
                tables.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new Column(column, asText));
            }
        }
        return tables;
    }

    /** One scan of the table: rows per column that hold the needle, and rows that also hold any email address. */
    private static Finding table(Connection c, String database, String table, List<Column> columns, Needle needle)
            throws SQLException {
        String row = "concat_ws(' ', " + String.join(", ", columns.stream().map(Column::asText).toList()) + ")";
        StringBuilder sql = new StringBuilder("SELECT ");
        for (Column column : columns) {
            sql.append("count(*) FILTER (WHERE ").append(column.asText()).append(" ~* ?), ");
        }
        sql.append("count(*) FILTER (WHERE ").append(row).append(" ~* ?), count(*) FILTER (WHERE ").append(row)
                .append(" ~* ? AND ").append(row).append(" ~* ?) FROM ").append(table);
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (int k = 0; k < columns.size() + 2; k++) {
                s.setString(i++, needle.regex());
            }
            s.setString(i, Needle.ANY_EMAIL);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                List<String> hit = new ArrayList<>();
                for (int k = 0; k < columns.size(); k++) {
                    if (rs.getLong(k + 1) > 0) {
                        hit.add(columns.get(k).name());
                    }
                }
                long rows = rs.getLong(columns.size() + 1);
                long withEmail = rs.getLong(columns.size() + 2);
                if (rows == 0) {
                    return null;
                }
                return new Finding("database " + database + ", table " + table + " (columns " + String.join(", ", hit)
                        + ")", rows, needle.isEmail() || withEmail > 0);
            }
        }
    }

    private Connection connect(String server, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + server + "/" + database,
                sources.dbUser(), sources.dbPassword());
    }

    // ---------------------------------------------------------------- topics

    private List<Finding> topics(Needle needle, Map<String, Long> looked) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sources.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        List<String> topics;
        try (Admin admin = Admin.create(config)) {
            topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS)
                    .stream().sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot reach Kafka at " + sources.bootstrapServers() + ": " + e, e);
        }
        Pattern needlePattern = needle.pattern();
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sources.bootstrapServers());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<Finding> findings = new ArrayList<>();
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (String topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).sorted(
                                (a, b) -> Integer.compare(a.partition(), b.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
                Map<TopicPartition, Hits> hits = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
                while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < ends.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        records++;
                        classify(topic, record, needle, needlePattern, hits);
                    }
                }
                hits.forEach((partition, h) -> {
                    String where = "topic " + topic + ", partition " + partition.partition();
                    if (h.personal > 0) {
                        findings.add(new Finding(where + " (offsets " + h.personalFirst + ".." + h.personalLast + ")",
                                h.personal, true));
                    }
                    if (h.idOnly > 0) {
                        findings.add(new Finding(where + " (offsets " + h.idFirst + ".." + h.idLast
                                + (h.tombstones > 0 ? ", " + h.tombstones + " tombstone(s)" : "") + ")", h.idOnly,
                                false));
                    }
                });
            }
        }
        looked.merge("topics", (long) topics.size(), Math::max);
        looked.merge("records", records, Math::max);
        return findings;
    }

    private static final class Hits {
        long personal;
        long personalFirst = -1;
        long personalLast;
        long idOnly;
        long idFirst = -1;
        long idLast;
        long tombstones;
    }

    private static void classify(String topic, ConsumerRecord<byte[], byte[]> record, Needle needle,
                                 Pattern needlePattern, Map<TopicPartition, Hits> hits) {
        String key = text(record.key());
        if (MARKER_KEY.equals(key) && record.value() == null) {
            return;
        }
        String value = text(record.value());
        StringBuilder headers = new StringBuilder();
        for (Header header : record.headers()) {
            headers.append(header.key()).append('=').append(text(header.value())).append('\n');
        }
        boolean found = needlePattern.matcher(key).find() || needlePattern.matcher(value).find()
                || needlePattern.matcher(headers).find();
        if (!found) {
            return;
        }
        boolean personal = needle.isEmail()
                || (topic.startsWith(USER_STATE) && record.value() != null)
                || ANY_EMAIL.matcher(value).find() || ANY_EMAIL.matcher(headers).find();
        Hits h = hits.computeIfAbsent(new TopicPartition(topic, record.partition()), p -> new Hits());
        if (personal) {
            h.personal++;
            h.personalFirst = h.personalFirst < 0 ? record.offset() : h.personalFirst;
            h.personalLast = record.offset();
        } else {
            h.idOnly++;
            h.idFirst = h.idFirst < 0 ? record.offset() : h.idFirst;
            h.idLast = record.offset();
            if (record.value() == null) {
                h.tombstones++;
            }
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- files of the local run

    private List<Finding> files(Needle needle, Map<String, Long> looked) {
        List<Finding> findings = new ArrayList<>();
        Pattern pattern = needle.pattern();
        long fileCount = 0;
        for (Path folder : sources.folders()) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path file : paths.filter(Files::isRegularFile).sorted().toList()) {
                    fileCount++;
                    long lines = 0;
                    long withEmail = 0;
                    try (Stream<String> content = Files.lines(file, StandardCharsets.ISO_8859_1)) {
                        for (String line : content.filter(l -> pattern.matcher(l).find()).toList()) {
                            lines++;
                            withEmail += needle.isEmail() || ANY_EMAIL.matcher(line).find() ? 1 : 0;
                        }
                    }
                    if (withEmail > 0) {
                        findings.add(new Finding("file " + file + " (lines)", withEmail, true));
                    }
                    if (lines > withEmail) {
                        findings.add(new Finding("file " + file + " (lines)", lines - withEmail, false));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + folder, e);
            }
        }
        looked.merge("files", fileCount, Math::max);
        return findings;
    }
}
