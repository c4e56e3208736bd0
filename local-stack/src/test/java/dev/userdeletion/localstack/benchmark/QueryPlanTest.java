package dev.userdeletion.localstack.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryPlanTest {

    private static final List<String> PLAN = List.of(
            "Sort  (cost=61.05..61.17 rows=50 width=24) (actual time=1.901..1.905 rows=50 loops=1)",
            "  Buffers: shared hit=412 read=3",
            "  ->  Nested Loop Left Join  (cost=2.11..59.64 rows=50 width=24) (actual time=1.2..1.8 rows=50 loops=1)",
            "        ->  Aggregate  (cost=1.10..1.11 rows=1 width=8) (actual time=0.9..0.9 rows=1 loops=1)",
            "              ->  Index Only Scan using platform_tally_pkey on platform_tally  (cost=0.42..1.05)",
            "              ->  Seq Scan on platform_user_tally_delta  (cost=0.00..1.01 rows=1 width=16)",
            "                    Buffers: shared hit=7",
            "        ->  Limit  (cost=0.84..57.9 rows=50 width=40) (actual time=0.2..0.8 rows=50 loops=1)",
            "              ->  Index Only Scan using platform_user_email_idx on platform_user  (cost=0.42..9000.0)",
            "              ->  Index Scan using platform_user_pkey on platform_user q  (cost=0.42..0.5 rows=1)",
            "Planning:",
            "  Buffers: shared hit=12",
            "Planning Time: 0.410 ms",
            "Execution Time: 1.962 ms");

    @Test
    void theScansTheStatementsBuffersAndItsTimeAreReadFromThePlan() {
        QueryPlan plan = QueryPlan.of(PLAN);
        assertThat(plan.scans()).containsExactly(
                "Index Only Scan using platform_tally_pkey on platform_tally",
                "Seq Scan on platform_user_tally_delta",
                "Index Only Scan using platform_user_email_idx on platform_user",
                "Index Scan using platform_user_pkey on platform_user");
        assertThat(plan.sharedHit()).isEqualTo(412);
        assertThat(plan.sharedRead()).isEqualTo(3);
        assertThat(plan.executionMs()).isEqualTo(1.962);
        assertThat(plan.scansSequentially("platform_user")).as("another table's name begins the same").isFalse();
        assertThat(plan.scansSequentially("platform_user_tally_delta")).isTrue();
    }

    @Test
    void aSequentialScanOfTheTableIsNoticed() {
        QueryPlan plan = QueryPlan.of(List.of("Seq Scan on platform_user  (cost=0.00..20000.00 rows=1)",
                "  Buffers: shared read=9000", "Execution Time: 80.5 ms"));
        assertThat(plan.scansSequentially("platform_user")).isTrue();
        assertThat(plan.sharedHit()).isZero();
        assertThat(plan.sharedRead()).isEqualTo(9000);
    }
}
