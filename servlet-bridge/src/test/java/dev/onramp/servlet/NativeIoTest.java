package dev.onramp.servlet;

import jakarta.servlet.ServletContext;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The switch for native I/O: on by default, off by init-parameter or system property, the init-parameter first. */
class NativeIoTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(NativeIo.SETTING);
    }

    private static ServletContext context(String initParameter) {
        ServletContextHandler handler = new ServletContextHandler();
        if (initParameter != null) {
            handler.setInitParameter(NativeIo.SETTING, initParameter);
        }
        return handler.getServletContext();
    }

    @Test
    void onWhenNothingIsSaid() {
        assertThat(NativeIo.enabled(context(null))).isTrue();
    }

    @Test
    void offByTheApplicationsInitParameter() {
        assertThat(NativeIo.enabled(context("false"))).isFalse();
        assertThat(NativeIo.enabled(context(" FALSE "))).isFalse();
    }

    @Test
    void offForTheJvmBySystemProperty() {
        System.setProperty(NativeIo.SETTING, "false");
        assertThat(NativeIo.enabled(context(null))).isFalse();
    }

    @Test
    void theInitParameterWinsOverTheSystemProperty() {
        System.setProperty(NativeIo.SETTING, "false");
        assertThat(NativeIo.enabled(context("true"))).isTrue();
        System.setProperty(NativeIo.SETTING, "true");
        assertThat(NativeIo.enabled(context("false"))).isFalse();
    }
}
