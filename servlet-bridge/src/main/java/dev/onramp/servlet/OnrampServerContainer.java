package dev.onramp.servlet;

import dev.onramp.websocket.client.OnrampClientContainer;
import dev.onramp.websocket.endpoint.AnnotatedServerEndpointConfig;
import dev.onramp.websocket.endpoint.UriTemplate;
import dev.onramp.websocket.endpoint.UriTemplateRouter;
import dev.onramp.websocket.session.ContainerDefaults;
import dev.onramp.websocket.session.OnrampContainer;
import dev.onramp.websocket.session.SharedThreads;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ServerContainer} of one web application: deployment of endpoints while the application starts,
 * routing of upgrade requests, and the sessions to close when it stops.
 *
 * <p>Deployment follows the specification's rule that a deployment error halts the deployment of the whole
 * application: after one {@link DeploymentException} no endpoint is served and every later {@code addEndpoint}
 * fails too.
 */
public final class OnrampServerContainer extends OnrampContainer implements ServerContainer {

    private static final System.Logger LOG = System.getLogger(OnrampServerContainer.class.getName());

    private enum State { DEPLOYING, STARTED, FAILED, STOPPED }

    private final ServletContext servletContext;
    /** This application's own threads, ended when it stops (see {@link #shutdown}). */
    private final ThreadPoolExecutor callbackThreads;
    private final ScheduledThreadPoolExecutor timerThread;
    private final UriTemplateRouter<DeployedEndpoint> router = new UriTemplateRouter<>();
    private final AdHocEndpoints adHoc = new AdHocEndpoints();
    private final HttpSessionTracker httpSessions = new HttpSessionTracker();
    private volatile State state = State.DEPLOYING;
    private volatile DeploymentException failure;
    private final Object clientLock = new Object();
    private OnrampClientContainer client;

    /**
     * How long an idle callback thread of a server container waits for work before it ends, ms. Long, because the
     * application's stop ends these threads itself ({@link #shutdown}): with the 2 s of Onramp's process-wide pools
     * ({@link SharedThreads#IDLE_MILLIS}) the connect-upgrade-close rate at steady state was 25-30% lower on the
     * servlet paths (Tomcat 8,909 against 11,905/s, Jetty 3,608 against 5,064/s: benchmarks/README.md, "Handshakes at
     * steady state"; the server on one cpu). The profiles differ in one place: with 2 s the sessions'
     * {@code onOpen} tasks, handed to the pool, mostly ran after the peer's first frame had arrived, so that frame was
     * read, and the close it asked for made, on the callback thread, outside the container's read callback (Tomcat
     * then needs one more dispatch to drop the socket); with 60 s they ran before it. Why the shorter keep-alive
     * delays them was not found (few threads were started: 8 in 25 s).
     */
    static final long CALLBACK_THREAD_IDLE_MILLIS = 60_000;

    /**
     * A container for the given web application, with threads of its own: daemon threads, which end when the
     * application stops ({@link #shutdown}) or after {@link #CALLBACK_THREAD_IDLE_MILLIS} (callbacks) and
     * {@link SharedThreads#IDLE_MILLIS} (the timer) without work, so a stopped application leaves no thread (and no
     * class loader) behind, unlike process-wide pools that would live in the first application's class loader.
     */
    public OnrampServerContainer(ServletContext servletContext) {
        this(servletContext, newCallbackExecutor(), newTimers());
    }

    private OnrampServerContainer(ServletContext servletContext, ThreadPoolExecutor callbackThreads,
            ScheduledThreadPoolExecutor timerThread) {
        super(callbackThreads, timerThread, (int) Math.min(Integer.MAX_VALUE, setting(servletContext,
                ContainerDefaults.MAX_CALLBACK_THREADS_PROPERTY, ContainerDefaults.MAX_CALLBACK_THREADS)));
        this.callbackThreads = callbackThreads;
        this.timerThread = timerThread;
        this.servletContext = servletContext;
        setDefaultOutboundQueueLimit(setting(servletContext, ContainerDefaults.OUTBOUND_QUEUE_LIMIT_PROPERTY,
                ContainerDefaults.OUTBOUND_QUEUE_LIMIT_BYTES));
        String name = ContainerDefaults.MAX_INLINE_CALLBACK_THREADS_PROPERTY;
        setMaxInlineCallbackThreads((int) Math.min(Integer.MAX_VALUE, ContainerDefaults.nonNegativeSetting(name,
                servletContext == null ? null : servletContext.getInitParameter(name),
                ContainerDefaults.MAX_INLINE_CALLBACK_THREADS)));
    }

    /** A positive setting: the application's context init-parameter, else the system property, else the default. */
    private static long setting(ServletContext context, String name, long fallback) {
        return ContainerDefaults.positiveSetting(name, context == null ? null : context.getInitParameter(name),
                fallback);
    }

    private static ThreadPoolExecutor newCallbackExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, CALLBACK_THREAD_IDLE_MILLIS,
                TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
                SharedThreads.daemonFactory("onramp-server-callback-"));
        return executor;
    }

    private static ScheduledThreadPoolExecutor newTimers() {
        return SharedThreads.newTimers("onramp-server-timer-");
    }

    ServletContext servletContext() {
        return servletContext;
    }

    HttpSessionTracker httpSessions() {
        return httpSessions;
    }

    @Override
    public void addEndpoint(Class<?> endpointClass) throws DeploymentException {
        checkDeploying();
        try {
            register(DeployedEndpoint.of(AnnotatedServerEndpointConfig.of(endpointClass)));
        } catch (DeploymentException e) {
            throw halt(e);
        }
    }

    @Override
    public void addEndpoint(ServerEndpointConfig config) throws DeploymentException {
        checkDeploying();
        try {
            register(DeployedEndpoint.of(config));
        } catch (DeploymentException e) {
            throw halt(e);
        }
    }

    private void checkDeploying() throws DeploymentException {
        switch (state) {
            case DEPLOYING -> { }
            case FAILED -> throw new DeploymentException(
                    "the deployment of this application's WebSocket endpoints was halted by an earlier error",
                    failure);
            default -> throw new IllegalStateException(
                    "endpoints can only be added while the application deploys, not after the application started"
                            + " (the container has handed it a request)");
        }
    }

    private void register(DeployedEndpoint endpoint) throws DeploymentException {
        UriTemplate template = UriTemplate.parse(endpoint.config().getPath());
        synchronized (router) {
            router.add(template, endpoint);
        }
    }

    private DeploymentException halt(DeploymentException e) {
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
            state = State.FAILED;
        }
        return e;
    }

    /** Records a deployment error raised outside addEndpoint (e.g. by a ServerApplicationConfig). */
    void haltDeployment(DeploymentException e) {
        halt(e);
    }

    /**
     * Ends deployment: the container has begun accepting connections (it hands a request to the application), and
     * from now on addEndpoint throws. The specification ends deployment there, not at any point of the application's
     * own initialisation: frameworks deploy endpoints after filters and servlets were initialised (Spring's
     * {@code ServerEndpointExporter} when its singletons are created), and the container accepts no connection before
     * the application has started.
     */
    void markStarted() {
        if (state != State.DEPLOYING) {
            return; // every request comes here: no lock once started
        }
        synchronized (this) {
            if (state == State.DEPLOYING) {
                state = State.STARTED;
            }
        }
    }

    /** Whether endpoints may still be added (for tests). */
    boolean deploying() {
        return state == State.DEPLOYING;
    }

    /** The endpoint for a request path within the context, or null when none matches or deployment failed. */
    UriTemplateRouter.Match<DeployedEndpoint> match(String path) {
        State s = state;
        if (s == State.FAILED || s == State.STOPPED) {
            return null;
        }
        return router.match(path);
    }

    @Override
    public void upgradeHttpToWebSocket(Object httpServletRequest, Object httpServletResponse,
            ServerEndpointConfig config, Map<String, String> pathParameters) throws IOException, DeploymentException {
        if (!(httpServletRequest instanceof HttpServletRequest request)
                || !(httpServletResponse instanceof HttpServletResponse response)) {
            throw new IllegalArgumentException("upgradeHttpToWebSocket needs an HttpServletRequest and an "
                    + "HttpServletResponse");
        }
        markStarted();
        Handshake.perform(this, adHoc.endpointFor(config), request, response,
                pathParameters == null ? Map.of() : pathParameters);
    }

    /**
     * The application is stopping: closes every open session, its own and those it dialled, with 1001 (going away),
     * and returns once every connection has ended, dropping those still there after
     * {@link ContainerDefaults#SHUTDOWN_GRACE_MS} (see {@link #endConnections}): once the application has stopped its
     * class loader loads nothing more, so none of its connections' timers, reads or callbacks may run later.
     */
    void shutdown() {
        synchronized (this) {
            if (state != State.FAILED) { // a halted deployment keeps saying why
                state = State.STOPPED;
            }
        }
        adHoc.clear();
        OnrampClientContainer dialled;
        synchronized (clientLock) {
            dialled = client;
        }
        CloseReason goingAway = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "application stopped");
        boolean ended = dialled == null ? endConnections(goingAway, ContainerDefaults.SHUTDOWN_GRACE_MS, this)
                : endConnections(goingAway, ContainerDefaults.SHUTDOWN_GRACE_MS, this, dialled);
        if (!ended) {
            LOG.log(System.Logger.Level.WARNING, "the application stopped while some WebSocket onClose callbacks "
                    + "were still running");
        }
        // the connections are gone, so are their timers: the threads end now rather than after their idle time,
        // before the container looks for threads the application left running. A timer still pending (a Grizzly
        // close waiting for quiet, at most 2 s) runs first; one scheduled from now on is refused, and its owner acts
        // at once instead
        timerThread.shutdown();
        callbackThreads.shutdown();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ContainerDefaults.SHUTDOWN_GRACE_MS);
            timerThread.awaitTermination(ContainerDefaults.SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS);
            callbackThreads.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the application's own threads have ended (after {@link #shutdown}). */
    boolean threadsEnded() {
        return timerThread.isTerminated() && callbackThreads.isTerminated();
    }

    // Dialling out from a server application goes through Onramp's client container, made on first use.

    private OnrampClientContainer clientContainer() {
        synchronized (clientLock) {
            if (client == null) {
                OnrampClientContainer c = new OnrampClientContainer();
                c.setAsyncSendTimeout(getDefaultAsyncSendTimeout());
                c.setDefaultMaxSessionIdleTimeout(getDefaultMaxSessionIdleTimeout());
                c.setDefaultMaxBinaryMessageBufferSize(getDefaultMaxBinaryMessageBufferSize());
                c.setDefaultMaxTextMessageBufferSize(getDefaultMaxTextMessageBufferSize());
                client = c;
            }
            return client;
        }
    }

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException, IOException {
        return clientContainer().connectToServer(annotatedEndpointInstance, path);
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException, IOException {
        return clientContainer().connectToServer(annotatedEndpointClass, path);
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig config, URI path)
            throws DeploymentException, IOException {
        return clientContainer().connectToServer(endpointInstance, config, path);
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig config, URI path)
            throws DeploymentException, IOException {
        return clientContainer().connectToServer(endpointClass, config, path);
    }
}
