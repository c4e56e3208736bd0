package dev.userdeletion.localstack.erasure;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./erasure-check.sh --user-id=<uuid> | --email=<address>}: where the product still holds anything of one
 * person (README, "Erasure"). Prints places and counts, never a value. Exit status: 0 no personal data found, 1
 * personal data found, 2 bad input, 3 PostgreSQL or Kafka unreachable.
 */
public final class CheckErasure {

    private CheckErasure() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the check; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<Needle> needles = new ArrayList<>();
        try {
            for (String arg : args) {
                if (!arg.startsWith("--") || !arg.contains("=") && !arg.equals("--help")) {
                    throw new IllegalArgumentException("Unknown argument " + quoted(arg) + "; use --name=value");
                }
            }
            if (List.of(args).contains("--help")) {
                out.println(USAGE);
                return 0;
            }
            String userId = option(args, "user-id");
            String email = option(args, "email");
            if (userId == null && email == null) {
                throw new IllegalArgumentException("Give --user-id=<uuid> or --email=<address> (or both)");
            }
            if (userId != null) {
                needles.add(Needle.userId(userId));
            }
            if (email != null) {
                needles.add(Needle.email(email));
            }
            for (String arg : args) {
                String name = arg.substring(2, arg.indexOf('='));
                if (!List.of("user-id", "email", "bootstrap-servers", "postgres", "db-user", "db-password", "data-dir")
                        .contains(name)) {
                    throw new IllegalArgumentException("Unknown option --" + name);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("erasure-check: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path dataDir = Path.of(orDefault(option(args, "data-dir"), ".local-data"));
        ErasureCheck.Sources sources = new ErasureCheck.Sources(
                orDefault(option(args, "bootstrap-servers"), "localhost:9092"),
                List.of(orDefault(option(args, "postgres"), LOCAL_POSTGRES).split(",")),
                orDefault(option(args, "db-user"), "postgres"), orDefault(option(args, "db-password"), "postgres"),
                List.of(dataDir.resolve("mail"), dataDir.resolve("logs")));
        ErasureCheck.Report report;
        try {
            report = new ErasureCheck(sources).check(needles);
        } catch (IllegalStateException e) {
            err.println("erasure-check: " + e.getMessage());
            return 3;
        }
        print(needles, sources, report, out);
        return report.personalData().isEmpty() ? 0 : 1;
    }

    private static void print(List<Needle> needles, ErasureCheck.Sources sources, ErasureCheck.Report report,
                              PrintStream out) {
        out.println("Erasure check for " + String.join(" and ", needles.stream().map(Needle::label).toList()));
        out.println("Looked in: " + report.looked().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .reduce((a, b) -> a + ", " + b).orElse("nothing") + " (PostgreSQL "
                + String.join(", ", sources.postgresHostPorts())
                + ", Kafka " + sources.bootstrapServers() + ", files under " + sources.folders() + ")");
        List<Finding> personal = report.personalData();
        List<Finding> ids = report.idOnly();
        if (!personal.isEmpty()) {
            out.println("Personal data (an email address or the user's state) found in " + personal.size()
                    + " place(s):");
            personal.forEach(f -> out.println("  " + f.place() + ": " + f.count()));
        }
        if (!ids.isEmpty()) {
            out.println("The user id with no email address or user state beside it (after a deletion: the audit"
                    + " trail, which keeps ids) in " + ids.size() + " place(s):");
            ids.forEach(f -> out.println("  " + f.place() + ": " + f.count()));
        }
        if (personal.isEmpty()) {
            out.println("Result: NO PERSONAL DATA FOUND" + (ids.isEmpty() ? " (no trace at all)" : ""));
        } else {
            out.println("Result: PERSONAL DATA FOUND in " + personal.size() + " place(s)");
        }
    }

    /** The local run's servers with its default ports: the main one and the read model's (README, Two commands). */
    static final String LOCAL_POSTGRES = "localhost:5432,localhost:5433";

    static final String USAGE = """
            Usage: ./erasure-check.sh --user-id=<uuid> | --email=<address> (or both)
                   [--bootstrap-servers=localhost:9092] [--postgres=localhost:5432,localhost:5433]
                   [--db-user=postgres] [--db-password=postgres] [--data-dir=.local-data]
            Looks in every table of every database of each PostgreSQL server (--postgres, comma-separated; the local
            run's two by default), every record of every Kafka topic (dead-letter and offset topics included) and the
            local run's caught mail and logs; prints places and counts, never a value.
            Exit status: 0 no personal data found, 1 personal data found, 2 bad input, 3 PostgreSQL or Kafka unreachable.""";

    private static String option(String[] args, String name) {
        String found = null;
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                if (found != null) {
                    throw new IllegalArgumentException("--" + name + " given twice");
                }
                found = arg.substring(name.length() + 3);
            }
        }
        return found;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** An argument shown back without control characters, shortened. */
    private static String quoted(String arg) {
        String clean = arg.replaceAll("\\p{Cntrl}", "?");
        return "'" + (clean.length() > 40 ? clean.substring(0, 40) + "…" : clean) + "'";
    }
}
