package dev.onramp.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * NOT PORTABLE (reaches into Tomcat by reflection): makes Tomcat 11 drop TCP after a close that was made outside
 * its callbacks. Tomcat closes an upgraded socket only when one of its own dispatches for the connection returns
 * with both upgraded streams closed (UpgradeProcessorExternal.dispatch), and no Servlet API call makes it dispatch
 * on an idle connection: its streams ask the poller for a write event only while their buffers hold unsent bytes.
 * This asks the poller for that write event directly (SocketWrapperBase.registerWriteInterest()); the socket is
 * writable, so the dispatch comes at once, finds both streams closed and closes the socket. Anywhere but Tomcat,
 * and if Tomcat's internals differ from 11.0's, it does nothing (the connection then closes when the peer sends or
 * closes, as before).
 */
final class TomcatCloseNudge {

    private static final System.Logger LOG = System.getLogger(TomcatCloseNudge.class.getName());
    private static final String TOMCAT_OUTPUT = "org.apache.coyote.http11.upgrade.UpgradeServletOutputStream";

    private TomcatCloseNudge() {
    }

    /** Called after {@link WebConnection#close()} from outside any container callback of the connection. */
    static void afterClose(ServletOutputStream out) {
        Class<?> type = out.getClass();
        if (!type.getName().equals(TOMCAT_OUTPUT)) {
            return;
        }
        try {
            Field field = type.getDeclaredField("socketWrapper");
            field.setAccessible(true);
            Object wrapper = field.get(out);
            Method register = wrapper.getClass().getMethod("registerWriteInterest");
            register.invoke(wrapper);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not ask Tomcat to dispatch the closed connection", e);
        }
    }
}
