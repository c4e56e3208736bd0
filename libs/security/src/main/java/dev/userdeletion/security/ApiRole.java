package dev.userdeletion.security;

/** The roles a token's {@code roles} claim may carry; anything else in the claim grants nothing. */
public enum ApiRole {
    /** An admin of one platform (the token's {@code platform_id}): that platform's users and deletions. */
    PLATFORM_ADMIN,
    /** Customer Success: follow-up cases of every platform and the removal of one membership. */
    CSM,
    /** Read-only view of deletion requests across platforms, for audits. */
    AUDITOR,
    /** The product's other back ends and this product's services calling each other. */
    SERVICE;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
