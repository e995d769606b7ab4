package dev.onramp.websocket.endpoint;

import jakarta.websocket.DeploymentException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes a request path to the endpoint registered under the best-matching {@link UriTemplate}, with the
 * precedence of the Jakarta WebSocket specification: an exact (all-literal) match wins; otherwise only templates
 * with as many segments as the request are candidates, and they are compared segment by segment from the left,
 * a literal segment beating a variable one. {@code /a/{x}} therefore wins over {@code /{y}/b} for {@code /a/b}.
 *
 * <p>Registration happens at deployment, matching on every handshake: {@link #add} copies the routing table, so
 * {@link #match} reads an immutable snapshot without locking.
 *
 * @param <T> what a template routes to (an endpoint configuration)
 */
public final class UriTemplateRouter<T> {

    /** Literal before variable, segment by segment from the left; two templates of one shape never coexist. */
    private static final Comparator<UriTemplate> PRECEDENCE = (a, b) -> {
        for (int i = 0; i < a.segmentCount(); i++) {
            boolean va = a.isVariable(i);
            boolean vb = b.isVariable(i);
            if (va != vb) {
                return va ? 1 : -1;
            }
        }
        return 0;
    };

    private final Object lock = new Object();
    private volatile Map<Integer, List<Entry<T>>> bySegmentCount = Map.of();
    private final Map<String, UriTemplate> shapes = new HashMap<>();

    /**
     * Registers a target.
     *
     * @throws DeploymentException when a template of the same shape (equal literals, variables in the same
     *     places, whatever their names) is already registered
     */
    public void add(UriTemplate template, T target) throws DeploymentException {
        synchronized (lock) {
            UriTemplate existing = shapes.get(template.shape());
            if (existing != null) {
                throw new DeploymentException("URI template '" + template.path()
                        + "' is equivalent to the already registered '" + existing.path() + "'");
            }
            shapes.put(template.shape(), template);
            Map<Integer, List<Entry<T>>> copy = new HashMap<>(bySegmentCount);
            List<Entry<T>> list = new ArrayList<>(copy.getOrDefault(template.segmentCount(), List.of()));
            list.add(new Entry<>(template, target));
            list.sort((x, y) -> PRECEDENCE.compare(x.template, y.template));
            copy.put(template.segmentCount(), List.copyOf(list));
            bySegmentCount = Map.copyOf(copy);
        }
    }

    /**
     * Finds the target for a request path (raw, percent-encoded, without query).
     *
     * @return the match with its decoded path parameters, or null when no template matches
     */
    public Match<T> match(String requestPath) {
        String[] parts = UriTemplate.split(requestPath);
        if (parts == null) {
            return null;
        }
        // Candidates are sorted by precedence, so the first that matches is the best one; an all-literal template
        // sorts before every template with a variable, which makes an exact match win.
        for (Entry<T> e : bySegmentCount.getOrDefault(parts.length, List.of())) {
            Map<String, String> params = e.template.match(requestPath);
            if (params != null) {
                return new Match<>(e.template, e.target, java.util.Collections.unmodifiableMap(params));
            }
        }
        return null;
    }

    /**
     * A routing result.
     *
     * @param template the template that matched
     * @param target what it was registered with
     * @param pathParameters the decoded values of the template's variables (read-only)
     * @param <T> the target type
     */
    public record Match<T>(UriTemplate template, T target, Map<String, String> pathParameters) {
    }

    private record Entry<T>(UriTemplate template, T target) {
    }
}
