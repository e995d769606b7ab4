package dev.onramp.tck.apps.broken;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Makes its webapp fail to start, standing in for a WAR whose WebSocket deployment fails. */
@WebListener
public class FailingListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        throw new IllegalStateException("this webapp must not start");
    }
}
