package dev.userdeletion.testsupport;

/** Whom a route of an authorisation matrix lets through; a route has a set of them, the empty set being no one. */
public enum Grant {
    /** Anyone, without a token (a token that is sent must still be valid). */
    ANYONE,
    SERVICE,
    PLATFORM_PROVISIONER,
    CSM,
    AUDITOR,
    /** A {@code PLATFORM_ADMIN} whose {@code platform_id} is the path's platform. */
    ADMIN_OF_PATH_PLATFORM;

    boolean admits(Caller caller) {
        return switch (this) {
            case ANYONE -> true;
            case SERVICE -> caller.roles().contains(Callers.SERVICE);
            case PLATFORM_PROVISIONER -> caller.roles().contains(Callers.PLATFORM_PROVISIONER);
            case CSM -> caller.roles().contains(Callers.CSM);
            case AUDITOR -> caller.roles().contains(Callers.AUDITOR);
            case ADMIN_OF_PATH_PLATFORM -> caller.isAdminOfPathPlatform();
        };
    }
}
