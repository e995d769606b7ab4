package fish.payara.web.loader;

import jakarta.servlet.ServletContainerInitializer;

import java.util.Map;
import java.util.Set;

/**
 * A compile-time stand-in for Payara's service interface of the same name (in Payara's {@code war-util}, which is
 * not published to Maven Central). The build leaves this class out of the jar, so that in Payara the service
 * implements Payara's own interface. Only its one method's name and erased signature matter.
 */
public interface ServletContainerInitializerBlacklist {

    /** Removes, from the initializers about to run for one application, those that must not run. */
    void removeServletContainerInitializers(Map<Class<? extends ServletContainerInitializer>, Set<Class<?>>> initializers);
}
