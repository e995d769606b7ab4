package dev.onramp.websocket.endpoint;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How deployment errors name methods. */
final class Describe {

    private Describe() {
    }

    /** {@code com.example.Chat.onMessage(String, Session)}. */
    static String method(Method m) {
        return m.getDeclaringClass().getName() + "." + m.getName() + "("
                + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
                + ")";
    }
}
