package dev.onramp.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints {@link AnotherWebSocketImplementationException} as Boot's "APPLICATION FAILED TO START" report. */
final class AnotherWebSocketImplementationFailureAnalyzer
        extends AbstractFailureAnalyzer<AnotherWebSocketImplementationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, AnotherWebSocketImplementationException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
