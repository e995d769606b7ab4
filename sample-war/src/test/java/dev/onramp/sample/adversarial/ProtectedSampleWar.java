package dev.onramp.sample.adversarial;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The built sample WAR, unpacked, with the suite's deployment descriptors added as a user would add them: a
 * {@code WEB-INF/web.xml} that protects {@code /chat/*} with a BASIC login, and each container's realm for it
 * ({@code WEB-INF/jetty-web.xml} for Jetty, {@code META-INF/context.xml} for Tomcat). Everything else, Onramp in
 * {@code WEB-INF/lib} included, is the sample WAR as built.
 */
final class ProtectedSampleWar {

    /** The one user of the realm and its password; its role, {@code member}, may open chat rooms. */
    static final String USER = "member";
    static final String PASSWORD = "secret";

    private ProtectedSampleWar() {
    }

    /** The built sample WAR (the failsafe configuration names it; else {@code target/}). */
    static Path sampleWar() {
        String configured = System.getProperty("onramp.sample.war");
        Path war = configured != null ? Path.of(configured) : Path.of("target", "onramp-sample-war.war");
        if (!Files.exists(war)) {
            throw new IllegalStateException("build the WAR first (mvn package): " + war.toAbsolutePath());
        }
        return war;
    }

    /** Unpacks the sample WAR into a new directory and adds the descriptors; returns the directory. */
    static Path build() throws IOException {
        Path dir = unpack(sampleWar(), Files.createTempDirectory("onramp-protected-sample"));
        Path users = dir.resolve("WEB-INF/tomcat-users.xml");
        copyResource("tomcat-users.xml", users);
        copyResource("web.xml", dir.resolve("WEB-INF/web.xml"));
        copyResource("jetty-web.xml", dir.resolve("WEB-INF/jetty-web.xml"));
        String context = resource("context.xml").replace("@USERS@", users.toAbsolutePath().toString());
        Files.writeString(dir.resolve("META-INF/context.xml"), context, StandardCharsets.UTF_8);
        addClasses(dir, AttackEndpoints.class, AttackEndpoints.Closer.class, AttackEndpoints.FloodThenClose.class,
                AttackEndpoints.Stream.class, AttackEndpoints.Pongs.class, AttackEndpoints.Idle.class,
                AttackEndpoints.StuckSend.class);
        return dir;
    }

    /**
     * Copies test classes into the application's {@code WEB-INF/classes}: the application's loader then loads them
     * (webapp loaders look there before their parent), as it loads the application's own classes.
     */
    static void addClasses(Path dir, Class<?>... classes) throws IOException {
        for (Class<?> c : classes) {
            String file = c.getName().replace('.', '/') + ".class";
            Path to = dir.resolve("WEB-INF/classes").resolve(file);
            Files.createDirectories(to.getParent());
            try (InputStream in = c.getClassLoader().getResourceAsStream(file)) {
                Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Unpacks a WAR (a zip) into {@code dir}. */
    static Path unpack(Path war, Path dir) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path to = dir.resolve(e.getName()).normalize();
                if (!to.startsWith(dir)) {
                    throw new IOException("WAR entry outside the directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(zip, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    private static String resource(String name) {
        try (InputStream in = ProtectedSampleWar.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyResource(String name, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.writeString(to, resource(name), StandardCharsets.UTF_8);
    }
}
