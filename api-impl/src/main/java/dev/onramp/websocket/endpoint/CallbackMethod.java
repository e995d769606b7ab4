package dev.onramp.websocket.endpoint;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.List;

/**
 * One callback method of a POJO bound once, at deployment, to a method handle taking {@code (pojo, args...)} as an
 * {@code Object[]}, plus the sources of its arguments. Invoking it does no reflective lookup.
 */
final class CallbackMethod {

    private final Method method;
    private final MethodHandle handle;
    private final ArgumentSource[] sources;

    private CallbackMethod(Method method, MethodHandle handle, ArgumentSource[] sources) {
        this.method = method;
        this.handle = handle;
        this.sources = sources;
    }

    static CallbackMethod bind(Method method, List<ArgumentSource> sources) throws IllegalAccessException {
        // A public method of a non-public class (e.g. a nested endpoint) is still a legal callback.
        method.trySetAccessible();
        MethodHandle h = MethodHandles.lookup().unreflect(method);
        int arity = h.type().parameterCount();
        h = h.asType(MethodType.genericMethodType(arity)).asSpreader(Object[].class, arity);
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
        return (Object) handle.invokeExact(args);
    }

    @Override
    public String toString() {
        return Describe.method(method);
    }
}
