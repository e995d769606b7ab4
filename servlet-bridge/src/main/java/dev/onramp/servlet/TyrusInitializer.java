package dev.onramp.servlet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Set;

/**
 * Whether Tyrus's initializer is part of an application, for the one case the published container cannot tell.
 *
 * <p>Tyrus (Payara's and GlassFish's WebSocket implementation) steps aside when its initializer finds a container
 * already published, and Payara runs an application's initializers in an order that changes from one start to the
 * next. Judged by the published container alone, Onramp would serve on the starts where it ran first and refuse on
 * the others. So Onramp refuses wherever Tyrus's initializer is registered for the application, unless
 * onramp-payara-fix left it out: that service, which Payara runs before any initializer, removes Tyrus's and adds
 * itself to the classes Onramp's initializer receives as a receipt.
 */
final class TyrusInitializer {

    static final String CLASS_NAME = "org.glassfish.tyrus.servlet.TyrusServletContainerInitializer";
    /** The class onramp-payara-fix adds to Onramp's classes once it removed Tyrus's initializer. */
    static final String RECEIPT = "dev.onramp.payara.TyrusExclusion";

    private static final System.Logger LOG = System.getLogger(TyrusInitializer.class.getName());
    private static final String SERVICES = "META-INF/services/jakarta.servlet.ServletContainerInitializer";

    private TyrusInitializer() {
    }

    /** Whether Tyrus's initializer may run in the application whose class loader and initializer classes are given. */
    static boolean mayRun(ClassLoader loader, Set<Class<?>> classes) {
        return !leftOut(classes) && registered(loader);
    }

    private static boolean leftOut(Set<Class<?>> classes) {
        return classes.stream().anyMatch(c -> c.getName().equals(RECEIPT));
    }

    /** Whether a service file visible to {@code loader} names Tyrus's initializer, as containers look them up. */
    static boolean registered(ClassLoader applicationLoader) {
        // a context without a class loader of its own (embedded) loads from the thread's
        ClassLoader loader = applicationLoader != null ? applicationLoader
                : Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            return false;
        }
        try {
            Enumeration<URL> files = loader.getResources(SERVICES);
            while (files.hasMoreElements()) {
                if (names(files.nextElement())) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot read the application's initializer services", e);
        }
        return false;
    }

    private static boolean names(URL servicesFile) throws IOException {
        try (InputStream in = servicesFile.openStream();
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                int comment = line.indexOf('#');
                if ((comment >= 0 ? line.substring(0, comment) : line).trim().equals(CLASS_NAME)) {
                    return true;
                }
            }
        }
        return false;
    }
}
