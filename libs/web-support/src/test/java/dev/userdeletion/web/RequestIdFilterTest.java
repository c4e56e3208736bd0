package dev.userdeletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdFilterTest {

    @Test
    void aPlainRequestIdFromTheCallerIsLoggedAndSentBack() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/platforms/acme/users");
        request.addHeader(RequestIdFilter.HEADER, "gw-7f3a.1_x");
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<String> logged = new AtomicReference<>();

        new RequestIdFilter().doFilter(request, response, new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req,
                                   jakarta.servlet.http.HttpServletResponse res) {
                logged.set(MDC.get(RequestIdFilter.MDC_KEY));
            }
        }));

        assertThat(logged.get()).isEqualTo("gw-7f3a.1_x");
        assertThat(response.getHeader(RequestIdFilter.HEADER)).isEqualTo("gw-7f3a.1_x");
        assertThat(MDC.get(RequestIdFilter.MDC_KEY)).isNull();
    }

    @Test
    void anIdThatCouldForgeALogLineIsReplacedByANewOne() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/csm/follow-ups");
        request.addHeader(RequestIdFilter.HEADER, "x\r\n2026-01-01 INFO fake line someone@example.com");
        MockHttpServletResponse response = new MockHttpServletResponse();

        new RequestIdFilter().doFilter(request, response, new MockFilterChain());

        assertThat(response.getHeader(RequestIdFilter.HEADER))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
