package dev.userdeletion.localstack.faults;

import java.util.List;
import java.util.stream.Collectors;

/** The closing table of a fault run: fault × where it hit × what was checked × result, and the figures. */
public final class FaultReport {

    private FaultReport() {
    }

    public static String render(List<FaultHarness.Outcome> outcomes) {
        StringBuilder out = new StringBuilder();
        out.append("| fault | hit | observed | checked | result | recovered in | completed in |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        int users = 0;
        int deleted = 0;
        int rejected = 0;
        int duplicated = 0;
        int lost = 0;
        for (FaultHarness.Outcome o : outcomes) {
            Invariants.Figures f = o.invariants().figures();
            users += o.users();
            deleted += f.deleted();
            rejected += f.rejected();
            duplicated += f.duplicatedOutcomes();
            lost += f.lostOutcomes();
            String checked = o.checks().stream().map(Invariants.Check::name).collect(Collectors.joining("; "));
            String broken = o.checks().stream().filter(c -> !c.holds()).map(Invariants.Check::toString)
                    .collect(Collectors.joining("; "));
            out.append("| ").append(o.fault())
                    .append(" | ").append(o.point()).append(o.midway() ? "" : " (NOT midway)")
                    .append(" | ").append(o.observed())
                    .append(" | ").append(checked)
                    .append(" | ").append(broken.isEmpty() ? "all hold" : broken)
                    .append(" | ").append(String.format("%.1f s", o.recovery().toMillis() / 1000.0))
                    .append(" | ").append(String.format("%.1f s", o.completion().toMillis() / 1000.0))
                    .append(" |\n");
        }
        out.append(String.format("%nScenarios: %d; users in deletions: %d; deleted: %d; refused and handed to the CSM:"
                + " %d; outcomes duplicated: %d; outcomes lost: %d%n", outcomes.size(), users, deleted, rejected,
                duplicated, lost));
        return out.toString();
    }
}
