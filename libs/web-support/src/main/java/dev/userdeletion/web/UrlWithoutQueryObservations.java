package dev.userdeletion.web;

import io.micrometer.common.KeyValue;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * Outgoing HTTP calls are observed (metrics, and spans once an OTLP endpoint is set) with the URL they called but
 * without its query: a query may carry an email (a FILTER's term the orchestrator relays to user-query-service, the
 * search the gateway forwards), and an exported span is a copy that no erasure reaches. The path and the URI
 * template stay.
 */
public class UrlWithoutQueryObservations extends DefaultClientRequestObservationConvention {

    public UrlWithoutQueryObservations(String name) {
        super(name);
    }

    @Override
    protected KeyValue requestUri(ClientRequestObservationContext context) {
        KeyValue url = super.requestUri(context);
        int query = url.getValue().indexOf('?');
        return query < 0 ? url : KeyValue.of(url.getKey(), url.getValue().substring(0, query));
    }
}
