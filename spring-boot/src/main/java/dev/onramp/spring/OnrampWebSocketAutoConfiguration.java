package dev.onramp.spring;

import dev.onramp.jetty.UpgradeSafeHttpConnectionFactory;
import dev.onramp.servlet.OnrampServerContainer;
import dev.onramp.tomcat.PromptCloseHttp11NioProtocol;
import jakarta.websocket.server.ServerContainer;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWarDeployment;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Onramp the WebSocket implementation of a servlet application on Spring Boot's embedded Tomcat or Jetty.
 *
 * <p>Boot runs no {@code ServletContainerInitializer} found in jars, so this registers Onramp's as a
 * {@code ServletContextInitializer}: {@code @ServerEndpoint} classes exported by Spring's
 * {@code ServerEndpointExporter}, {@code @EnableWebSocket} handlers and STOMP then run on Onramp. On Tomcat it makes
 * Boot's connector use {@link PromptCloseHttp11NioProtocol}, on Jetty {@link UpgradeSafeHttpConnectionFactory}
 * (the container-side fixes, see their modules). Settings of the {@link ServerContainer} (buffer sizes, idle and
 * send timeouts) are Spring's: {@code ServletServerContainerFactoryBean} sets them on Onramp's container as on any.
 *
 * <p>The container's own WebSocket implementation cannot serve the same application: if its jar is on the class
 * path (Boot then installs it), or if anything else published a {@link ServerContainer}, before or after Onramp,
 * the application fails to start with {@link AnotherWebSocketImplementationException}, which names what to
 * exclude. Nothing here applies to a WAR deployed to a container: there the container finds Onramp's initializer.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnNotWarDeployment
@ConditionalOnClass({ServerContainer.class, OnrampServerContainer.class})
public final class OnrampWebSocketAutoConfiguration {

    @Bean
    static OnrampServletContextInitializer onrampServletContextInitializer() {
        return new OnrampServletContextInitializer();
    }

    @Bean
    static OnrampOnlyCheck onrampOnlyCheck() {
        return new OnrampOnlyCheck();
    }

    /** Embedded Tomcat. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Tomcat.class, TomcatServletWebServerFactory.class, PromptCloseHttp11NioProtocol.class})
    static final class OnTomcat {

        @Bean
        static WebServerFactoryCustomizer<TomcatServletWebServerFactory> onrampTomcatCustomizer() {
            return new OnrampTomcatCustomizer();
        }
    }

    /** Embedded Jetty. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Server.class, JettyServletWebServerFactory.class, UpgradeSafeHttpConnectionFactory.class})
    static final class OnJetty {

        @Bean
        static WebServerFactoryCustomizer<JettyServletWebServerFactory> onrampJettyCustomizer() {
            return new OnrampJettyCustomizer();
        }
    }
}
