package dev.onramp.spring;

import dev.onramp.tomcat.PromptCloseHttp11NioProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.util.ClassUtils;

/**
 * Embedded Tomcat: refuses Tomcat's own WebSocket (Boot installs it whenever its jar is present) and gives Boot's
 * connector {@link PromptCloseHttp11NioProtocol}. Stock Tomcat keeps the socket of an upgraded connection open after
 * a close completed on an application thread, which under Spring is the usual case: the peer's close arrives while
 * the handler runs. Boot has no property for the protocol; a protocol the application chose itself is kept.
 */
final class OnrampTomcatCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final Log LOG = LogFactory.getLog(OnrampTomcatCustomizer.class);

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        ClassLoader classLoader = factory.getClass().getClassLoader();
        OtherImplementations.refuseIfPresent(OtherImplementations.Known.TOMCAT, classLoader);
        String protocol = factory.getProtocol();
        if (TomcatWebServerFactory.DEFAULT_PROTOCOL.equals(protocol)) {
            factory.setProtocol(PromptCloseHttp11NioProtocol.class.getName());
        } else if (!isPromptClose(protocol, classLoader)) {
            LOG.warn("Tomcat's connector uses " + protocol + ", which the application chose; Onramp's "
                    + PromptCloseHttp11NioProtocol.class.getName() + " is not installed, so an upgraded connection"
                    + " closed from an application thread may keep its socket until the peer gives up");
        }
    }

    private static boolean isPromptClose(String protocol, ClassLoader classLoader) {
        try {
            return PromptCloseHttp11NioProtocol.class.isAssignableFrom(ClassUtils.forName(protocol, classLoader));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
