package dev.userdeletion.security;

import dev.userdeletion.contracts.Rules;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The claims this product reads and the rules a token must meet beyond its signature, issuer and
 * lifetime: {@code sub} is an opaque id (it goes into audit events and logs, so it may not be an email
 * address nor carry characters that could forge a log line), {@code roles} is a list of strings, and a
 * {@code PLATFORM_ADMIN} token names one valid {@code platform_id}.
 */
public final class TokenClaims implements OAuth2TokenValidator<Jwt>, Converter<Jwt, Collection<GrantedAuthority>> {

    public static final String SUBJECT = "sub";
    public static final String ROLES = "roles";
    public static final String PLATFORM_ID = "platform_id";

    private static final Pattern SUBJECT_SHAPE = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");
    private static final Pattern EMAIL_LIKE = Pattern.compile("[^@]+@[^@.]+(\\.[^@.]+)+");

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        String subject = token.getSubject();
        if (subject == null || !SUBJECT_SHAPE.matcher(subject).matches() || EMAIL_LIKE.matcher(subject).matches()) {
            return invalid("The token's sub must be an id of 1-100 characters A-Z a-z 0-9 . _ : @ -, not an email address");
        }
        Object roles = token.getClaims().get(ROLES);
        if (!(roles instanceof List<?> list) || list.isEmpty() || !list.stream().allMatch(String.class::isInstance)) {
            return invalid("The token's roles must be a non-empty list of role names");
        }
        Object platform = token.getClaims().get(PLATFORM_ID);
        if (platform != null && !(platform instanceof String s && Rules.isPlatformId(s))) {
            return invalid("The token's platform_id is not a platform id");
        }
        if (roles(token).contains(ApiRole.PLATFORM_ADMIN) && platform == null) {
            return invalid("A PLATFORM_ADMIN token must name its platform_id");
        }
        return OAuth2TokenValidatorResult.success();
    }

    /** Authorities from the known roles of a validated token; unknown role names grant nothing. */
    @Override
    public Collection<GrantedAuthority> convert(Jwt token) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        roles(token).forEach(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        return authorities;
    }

    static Set<ApiRole> roles(Jwt token) {
        Set<ApiRole> known = EnumSet.noneOf(ApiRole.class);
        if (token.getClaims().get(ROLES) instanceof List<?> list) {
            for (Object name : list) {
                for (ApiRole role : ApiRole.values()) {
                    if (role.name().equals(name)) {
                        known.add(role);
                    }
                }
            }
        }
        return known;
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }
}
