package dev.onramp.websocket.endpoint;

import jakarta.websocket.Session;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;

/**
 * One callback method of a POJO bound once, at deployment, to method handles taking {@code (pojo, args...)}, plus the
 * sources of its arguments. Invoking it does no reflective lookup, and an {@code @OnMessage} method whose parameters
 * are only the message, {@code last} and the session (up to {@link #FIXED_ARGUMENTS} of them) is called without
 * allocating: no argument array, no {@link CallContext}.
 */
final class CallbackMethod {

    /** The most arguments passed one by one; a method with more gets them as an array. */
    static final int FIXED_ARGUMENTS = 3;

    /** What {@link #plan} says of one argument. */
    private static final byte SESSION = 1;
    private static final byte MESSAGE = 2;
    private static final byte LAST = 3;

    private final Method method;
    /** {@code (Object[] {pojo, args...})Object}. */
    private final MethodHandle spread;
    /** {@code (Object pojo, Object... args)Object} of fixed arity, or null beyond {@link #FIXED_ARGUMENTS}. */
    private final MethodHandle fixed;
    private final ArgumentSource[] sources;
    /**
     * Each argument's source among session, message and {@code last}, or null when some argument comes from
     * elsewhere (a path parameter) or there are more than {@link #FIXED_ARGUMENTS}.
     */
    private final byte[] plan;

    private CallbackMethod(Method method, MethodHandle generic, ArgumentSource[] sources) {
        this.method = method;
        int arity = generic.type().parameterCount();
        this.spread = generic.asSpreader(Object[].class, arity);
        this.fixed = sources.length <= FIXED_ARGUMENTS ? generic : null;
        this.sources = sources;
        this.plan = planOf(sources);
    }

    private static byte[] planOf(ArgumentSource[] sources) {
        if (sources.length > FIXED_ARGUMENTS) {
            return null;
        }
        byte[] plan = new byte[sources.length];
        for (int i = 0; i < sources.length; i++) {
            if (sources[i] == ArgumentSource.SESSION) {
                plan[i] = SESSION;
            } else if (sources[i] == ArgumentSource.MESSAGE) {
                plan[i] = MESSAGE;
            } else if (sources[i] == ArgumentSource.LAST) {
                plan[i] = LAST;
            } else {
                return null;
            }
        }
        return plan;
    }

    static CallbackMethod bind(Method method, List<ArgumentSource> sources) throws IllegalAccessException {
        // A public method of a non-public class (e.g. a nested endpoint) is still a legal callback.
        method.trySetAccessible();
        MethodHandle h = MethodHandles.lookup().unreflect(method);
        h = h.asType(MethodType.genericMethodType(h.type().parameterCount()));
        return new CallbackMethod(method, h, sources.toArray(new ArgumentSource[0]));
    }

    Method method() {
        return method;
    }

    boolean returnsValue() {
        return method.getReturnType() != void.class;
    }

    /**
     * Calls the method on the POJO with arguments drawn from the context.
     *
     * @return the method's return value, null for a void method
     * @throws Throwable what the method threw (not wrapped), or a DecodeException from an argument conversion
     */
    Object invoke(Object pojo, CallContext context) throws Throwable {
        Object[] args = new Object[sources.length + 1];
        args[0] = pojo;
        for (int i = 0; i < sources.length; i++) {
            args[i + 1] = sources[i].resolve(context);
        }
        return (Object) spread.invokeExact(args);
    }

    /**
     * Calls an {@code @OnMessage} method with {@code message}; allocation-free when its parameters are only the
     * message, {@code last} and the session.
     *
     * @return the method's return value, null for a void method
     * @throws Throwable what the method threw (not wrapped), or a DecodeException from an argument conversion
     */
    Object invokeWithMessage(Object pojo, Session session, Object message, boolean last) throws Throwable {
        byte[] p = plan;
        if (p == null) {
            return invoke(pojo, CallContext.message(session, message, last));
        }
        return switch (p.length) {
            case 0 -> (Object) fixed.invokeExact(pojo);
            case 1 -> (Object) fixed.invokeExact(pojo, argument(p[0], session, message, last));
            case 2 -> (Object) fixed.invokeExact(pojo, argument(p[0], session, message, last),
                    argument(p[1], session, message, last));
            default -> (Object) fixed.invokeExact(pojo, argument(p[0], session, message, last),
                    argument(p[1], session, message, last), argument(p[2], session, message, last));
        };
    }

    private static Object argument(byte source, Session session, Object message, boolean last) {
        return switch (source) {
            case SESSION -> session;
            case MESSAGE -> message;
            default -> Boolean.valueOf(last); // the two cached instances
        };
    }

    @Override
    public String toString() {
        return Describe.method(method);
    }
}
