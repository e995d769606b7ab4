package dev.onramp.jetty;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * Offers a native channel to Onramp's upgrade handler. Onramp may live in a web application's class loader, which
 * this module (on Jetty's class path) must not link against; the handler is recognised by the shape of one public
 * method, {@code boolean offerNativeChannel(Flow.Publisher)}, which takes JDK types only (the contract is written
 * in Onramp's {@code dev.onramp.servlet.NativeTransport}).
 */
final class NativeChannelOffer {

    /**
     * The request attribute under which Onramp's handshake leaves its upgrade handler (Jetty's connection sees the
     * request, not the handler). Onramp's {@code OnrampUpgradeHandler.NATIVE_OFFER_ATTRIBUTE}.
     */
    static final String HANDLER_ATTRIBUTE = "dev.onramp.websocket.nativeIo.upgradeHandler";

    /** The offer method of a handler class, or null when the class has none. Kept on the class, so never leaks it. */
    private static final ClassValue<MethodHandle> OFFER = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return MethodHandles.publicLookup().findVirtual(type, "offerNativeChannel",
                        MethodType.methodType(boolean.class, Flow.Publisher.class));
            } catch (NoSuchMethodException | IllegalAccessException notOnramp) {
                return null;
            }
        }
    };

    private NativeChannelOffer() {
    }

    /** Whether the handler is Onramp's and took the channel (it declines when its application turned native I/O off). */
    static boolean offer(Object handler, Flow.Publisher<ByteBuffer> channel) {
        MethodHandle offer = handler == null ? null : OFFER.get(handler.getClass());
        if (offer == null) {
            return false;
        }
        try {
            return (boolean) offer.invoke(handler, channel);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("offering a native channel failed", e);
        }
    }
}
