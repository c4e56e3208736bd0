package dev.userdeletion.localstack.faults;

/**
 * One fault, injected at a chosen point of a running deletion. {@link #inject} returns once the fault is over from
 * the outside (the process restarted, the broker started again, the process resumed): the harness then measures how
 * long the system takes to be healthy again and checks what it did.
 */
public interface Fault {

    /** The scenario's name, e.g. "kill -9 membership-service". */
    String name();

    /** Injects the fault into the deletion that {@code run} has just confirmed; says where it hit and what was seen. */
    Injected inject(FaultHarness.Run run) throws Exception;

    /** The fault named {@code name} that {@code injection} injects. */
    static Fault of(String name, Injection injection) {
        return new Fault() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Injected inject(FaultHarness.Run run) throws Exception {
                return injection.inject(run);
            }
        };
    }

    /** What {@link #inject} does, as a function. */
    @FunctionalInterface
    interface Injection {
        Injected inject(FaultHarness.Run run) throws Exception;
    }

    /**
     * @param point      where in the deletion the fault hit, e.g. "after 400 of 2,000 commands executed"
     * @param midway     whether the work the fault interrupted was demonstrably unfinished when it hit
     * @param observed   what was observed while the fault lasted (e.g. readiness of every service)
     * @param faultEnded nanoTime when the fault was over from the outside (restart begun, broker started, resumed)
     */
    record Injected(String point, boolean midway, String observed, long faultEnded) {
    }
}
