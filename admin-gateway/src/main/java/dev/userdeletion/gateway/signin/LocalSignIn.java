package dev.userdeletion.gateway.signin;

import dev.userdeletion.contracts.Rules;
import dev.userdeletion.gateway.GatewayProperties;
import dev.userdeletion.infra.LocalTokenIssuer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The local profile's sign-in: a page listing the demo platforms' admins and the CSM (and a field for the admin of
 * any other platform id); choosing one signs the browser in with a token minted by the local run's
 * {@link LocalTokenIssuer} (the key the services trust), as {@code admin-<platform>} or {@code csm-local}. Never
 * active outside the {@code local} profile: there is no such page, controller or key in production.
 */
@RestController
@Profile("local")
public class LocalSignIn implements SignIn {

    static final String CSM_ACCOUNT = "csm";
    static final String ADMIN_PREFIX = "admin:";

    private static final Logger log = LoggerFactory.getLogger(LocalSignIn.class);
    private final LocalTokenIssuer issuer;
    private final List<String> platforms;
    private final SessionLifetime lifetime;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    LocalSignIn(GatewayProperties properties, SessionLifetime lifetime) {
        GatewayProperties.LocalSignIn local = properties.localSignIn();
        if (local == null || local.keyDir() == null) {
            throw new IllegalStateException("The local profile needs gateway.local-sign-in.key-dir: the local run's"
                    + " signing key directory");
        }
        this.issuer = LocalTokenIssuer.inDirectory(local.keyDir());
        this.platforms = List.copyOf(local.platforms());
        this.lifetime = lifetime;
    }

    @Override
    public void configure(HttpSecurity http) throws Exception {
        http.exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/sign-in"),
                AnyRequestMatcher.INSTANCE));
    }

    @Override
    public Optional<String> accessToken(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((String) session.getAttribute(TOKEN));
    }

    private static final String TOKEN = LocalSignIn.class.getName() + ".token";

    /** One choice on the sign-in page. */
    public record Account(String id, String label) {
    }

    @GetMapping(path = "/sign-in", produces = MediaType.TEXT_HTML_VALUE)
    Resource page() {
        return new ClassPathResource("local-sign-in/sign-in.html");
    }

    @GetMapping(path = "/sign-in/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Account> accounts() {
        List<Account> accounts = new ArrayList<>();
        platforms.forEach(p -> accounts.add(new Account(ADMIN_PREFIX + p, "Admin of " + p)));
        accounts.add(new Account(CSM_ACCOUNT, "Customer Success Manager"));
        return accounts;
    }

    /** A form post from the sign-in page (CSRF-protected like every other state change). */
    @PostMapping(path = "/sign-in", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<Void> signIn(@RequestParam(required = false) String account, HttpServletRequest request,
                                HttpServletResponse response) {
        String token = mint(account);
        if (token == null) {
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/sign-in?unknown-account")).build();
        }
        SignedInUser user = SignedInUser.fromAccessToken(token);
        UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
                user.sub(), null, user.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
        // a fresh session id at sign-in: an id planted before sign-in is worth nothing after it
        request.getSession(true);
        request.changeSessionId();
        HttpSession session = request.getSession();
        session.setAttribute(TOKEN, token);
        lifetime.started(session);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        log.info("Local sign-in as {}", user.sub());
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/")).build();
    }

    private String mint(String account) {
        if (CSM_ACCOUNT.equals(account)) {
            return issuer.csm("csm-local");
        }
        // the demo platforms are listed; a platform created later can be typed in (any well-formed id)
        if (account != null && account.startsWith(ADMIN_PREFIX)
                && Rules.isPlatformId(account.substring(ADMIN_PREFIX.length()))) {
            String platform = account.substring(ADMIN_PREFIX.length());
            return issuer.platformAdmin("admin-" + platform, platform);
        }
        return null;
    }
}
