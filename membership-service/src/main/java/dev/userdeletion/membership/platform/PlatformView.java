package dev.userdeletion.membership.platform;

/** A platform as the API shows it. */
public record PlatformView(String platformId, String name, String csmEmail, String adminEmail, long memberCount) {

    static PlatformView of(Platform platform, long memberCount) {
        return new PlatformView(platform.getId(), platform.getName(), platform.getCsmEmail(), platform.getAdminEmail(),
                memberCount);
    }
}
