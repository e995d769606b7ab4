package dev.onramp.websocket.session;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.Decoder;
import jakarta.websocket.MessageHandler;
import org.junit.jupiter.api.Test;

import java.util.List;

/** The one rule for "which class does this generic interface take" (decoders, encoders, message handlers). */
class GenericTypesTest {

    static class Foo {
    }

    static class Bar extends Foo {
    }

    abstract static class Bounded<T extends Foo> implements Decoder.Text<T> {
    }

    abstract static class Unbounded<T> implements Decoder.Text<T> {
    }

    abstract static class BoundThroughSubclass extends Bounded<Bar> {
    }

    abstract static class Direct implements Decoder.Text<List<String>> {
    }

    @SuppressWarnings("rawtypes")
    abstract static class Raw implements Decoder.Text {
    }

    abstract static class ArrayHandler implements MessageHandler.Whole<byte[]> {
    }

    abstract static class GenericArray<T extends Foo> implements MessageHandler.Whole<T[]> {
    }

    @Test
    void aBoundedTypeVariableStandsForItsBound() {
        assertThat(GenericTypes.typeArgument(Bounded.class, Decoder.Text.class)).isEqualTo(Foo.class);
    }

    @Test
    void aSubclassBindsTheVariable() {
        assertThat(GenericTypes.typeArgument(BoundThroughSubclass.class, Decoder.Text.class)).isEqualTo(Bar.class);
    }

    @Test
    void aParameterizedArgumentIsErased() {
        assertThat(GenericTypes.typeArgument(Direct.class, Decoder.Text.class)).isEqualTo(List.class);
        assertThat(GenericTypes.typeArgument(ArrayHandler.class, MessageHandler.Whole.class)).isEqualTo(byte[].class);
        assertThat(GenericTypes.typeArgument(GenericArray.class, MessageHandler.Whole.class)).isEqualTo(Foo[].class);
    }

    @Test
    void whatCannotBeKnownIsNull() {
        assertThat(GenericTypes.typeArgument(Unbounded.class, Decoder.Text.class)).isNull();
        assertThat(GenericTypes.typeArgument(Raw.class, Decoder.Text.class)).isNull();
        MessageHandler.Whole<String> lambda = s -> { };
        assertThat(GenericTypes.typeArgument(lambda.getClass(), MessageHandler.Whole.class)).isNull();
    }

    @Test
    void theDeploymentRuleAndTheSessionRuleAreOne() {
        // a decoder of a bounded variable produces its bound, so a handler of the bound is a text handler
        assertThat(MessageKind.of(Foo.class, List.of(Bounded.class))).isEqualTo(MessageKind.TEXT);
        assertThat(MessageKind.of(Bar.class, List.of(Bounded.class))).isNull();
    }
}
