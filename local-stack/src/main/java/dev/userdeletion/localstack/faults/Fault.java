package dev.userdeletion.localstack.faults;

/**
 * One fault, injected at a chosen point of a running deletion. {@link #inject} returns once the fault is over from
 * the outside (the process restarted, the broker started again, the process resumed): the harness then measures how
 * long the system takes to be healthy again and checks what it did.
 *
 * @param name      the scenario's name, e.g. "kill -9 membership-service"
 * @param injection what injecting it does
 */
public record Fault(String name, Injection injection) {

    /** Injects the fault into the deletion that {@code run} has just confirmed; says where it hit and what was seen. */
    public Injected inject(FaultHarness.Run run) throws Exception {
        return injection.inject(run);
    }

    /** What {@link #inject} does. */
    @FunctionalInterface
    public interface Injection {
        Injected inject(FaultHarness.Run run) throws Exception;
    }

    /**
     * @param point      where in the deletion the fault hit, e.g. "after 400 of 2,000 commands executed"
     * @param midway     whether the work the fault interrupted was demonstrably unfinished when it hit
     * @param observed   what was observed while the fault lasted (e.g. readiness of every service)
     * @param faultEnded nanoTime when the fault was over from the outside (restart begun, broker started, resumed)
     */
    public record Injected(String point, boolean midway, String observed, long faultEnded) {
    }
}
