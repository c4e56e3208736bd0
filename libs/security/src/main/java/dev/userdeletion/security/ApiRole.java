package dev.userdeletion.security;

/** The roles a token's {@code roles} claim may carry; anything else in the claim grants nothing. */
public enum ApiRole {
    /** An admin of one platform (the token's {@code platform_id}): that platform's users and deletions. */
    PLATFORM_ADMIN,
    /** Customer Success: follow-up cases of every platform and the removal of one membership. */
    CSM,
    /** Read-only view of deletion requests across platforms, for audits. */
    AUDITOR,
    /**
     * The product's other back ends and this product's services calling each other: members, logins, access lists,
     * reading platforms and users, metrics. Not a platform's contact addresses: see {@link #PLATFORM_PROVISIONER}.
     */
    SERVICE,
    /**
     * The back end that provisions platforms: creating a platform and setting its name and contact addresses
     * ({@code csmEmail}, {@code adminEmail}). Kept apart from SERVICE because those addresses receive the emails of
     * users who could not be deleted: a back end that only manages members must not be able to redirect them.
     */
    PLATFORM_PROVISIONER;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
