package dev.userdeletion.membership.platform;

/** Body of {@code PUT /api/platforms/{platformId}}. */
public record PlatformRequest(String name, String csmEmail, String adminEmail) {
}
