package dev.userdeletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** Header values Spring's media-type parser breaks on (an index error, not its own exception) are answered, not 500s. */
class MalformedHeaderFilterTest {

    private final MalformedHeaderFilter filter = new MalformedHeaderFilter(JsonMapper.builder().build());

    @Test
    void anAcceptHeaderTheParserBreaksOnIsA406Problem() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/x");
        request.addHeader("Accept", "\"/!");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(406);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("/problems/not-acceptable");
        assertThat(chain.getRequest()).as("the request goes no further").isNull();
    }

    @Test
    void aContentTypeTheParserBreaksOnIsLeftToTheEndpoint() throws Exception {
        // as Tomcat gives it: the raw header (the mock request would parse it itself)
        HttpServletRequestWrapper request = new HttpServletRequestWrapper(new MockHttpServletRequest("PUT", "/api/x")) {
            @Override
            public String getContentType() {
                return "\"/!";
            }
        };
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).as("the endpoint answers 415 itself").isNotNull();
    }
}
