package dev.onramp.spring;

/**
 * The application has another WebSocket implementation beside Onramp (the embedded container's own, most often),
 * and cannot start: two implementations cannot serve one application, and the one that publishes its
 * {@code ServerContainer} last would silently serve every endpoint. The message says which implementation was found,
 * where its classes came from and what to exclude; Boot prints the same as a failure analysis.
 */
public final class AnotherWebSocketImplementationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String description;
    private final String action;

    AnotherWebSocketImplementationException(String description, String action) {
        super(description + " " + action);
        this.description = description;
        this.action = action;
    }

    /** What was found. */
    public String description() {
        return description;
    }

    /** What to change in the build. */
    public String action() {
        return action;
    }
}
