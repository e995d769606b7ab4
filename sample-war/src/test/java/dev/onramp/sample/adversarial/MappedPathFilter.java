package dev.onramp.sample.adversarial;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Tells the client where the container mapped its request: the decoded, normalised servlet path plus path info, on
 * which the container also matched its security constraints. Declared in the suite's web.xml, so it runs before
 * Onramp's upgrade filter (the initializer adds that one after the descriptor's filters), and its header is on the 101
 * as on any other answer.
 */
public final class MappedPathFilter implements Filter {

    /** The response header that carries the mapped path. */
    static final String HEADER = "X-Mapped-Path";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer) {
            String pathInfo = http.getPathInfo();
            answer.setHeader(HEADER, http.getServletPath() + (pathInfo == null ? "" : pathInfo));
        }
        chain.doFilter(request, response);
    }
}
