package dev.onramp.websocket.endpoint;

import dev.onramp.websocket.endpoint.TestDecoders.Blob;
import dev.onramp.websocket.endpoint.TestDecoders.BlobDecoder;
import dev.onramp.websocket.endpoint.TestDecoders.Doc;
import dev.onramp.websocket.endpoint.TestDecoders.DocDecoder;
import dev.onramp.websocket.endpoint.TestDecoders.Image;
import dev.onramp.websocket.endpoint.TestDecoders.ImageDecoder;
import dev.onramp.websocket.endpoint.TestDecoders.Point;
import dev.onramp.websocket.endpoint.TestDecoders.PointDecoder;
import dev.onramp.websocket.endpoint.TestDecoders.Unknown;
import dev.onramp.websocket.session.MessageKind;
import jakarta.websocket.ClientEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which callback declarations compile and which are DeploymentExceptions naming the class and the method. */
class AnnotatedEndpointModelTest {

    // ---- legal declarations ----

    public static class EveryCallback {
        @OnOpen
        public void open(Session s, EndpointConfig c, @PathParam("a") String a, @PathParam("n") int n) {
        }

        @OnClose
        public void close(CloseReason r, Session s, @PathParam("n") Long n) {
        }

        @OnError
        public void error(Session s, Throwable t, @PathParam("a") String a) {
        }

        @OnMessage
        public String text(String message, Session s, @PathParam("a") String a) {
            return message;
        }

        @OnMessage(maxMessageSize = 10)
        public void binary(Session s, ByteBuffer message) {
        }

        @OnMessage
        public void pong(PongMessage pong) {
        }
    }

    public static class NoArgCallbacks {
        @OnOpen
        public void open() {
        }

        @OnClose
        public void close() {
        }

        @OnMessage
        public void text(Reader r) {
        }
    }

    public static class NoCallbacks {
    }

    @Test
    void compilesEveryCallbackKind() throws DeploymentException {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.compile(EveryCallback.class, true);
        assertThat(model.pojoClass()).isEqualTo(EveryCallback.class);
        assertThat(model.onOpen().method().getName()).isEqualTo("open");
        assertThat(model.onClose().method().getName()).isEqualTo("close");
        assertThat(model.onError().method().getName()).isEqualTo("error");
        assertThat(model.onMessage()).extracting(MessageCallback::kind)
                .containsExactlyInAnyOrder(MessageKind.TEXT, MessageKind.BINARY, MessageKind.PONG);
        assertThat(AnnotatedEndpointModel.compile(NoArgCallbacks.class, true).onError()).isNull();
        assertThat(AnnotatedEndpointModel.compile(NoCallbacks.class, false).onMessage()).isEmpty();
    }

    public static class Messages {
        @OnMessage public void string(String m) { }
        @OnMessage public void stringSession(Session s, String m) { }
        @OnMessage public void partialString(String m, boolean last) { }
        @OnMessage public void partialStringLastFirst(boolean last, Session s, String m) { }
        @OnMessage public void reader(Reader m) { }
        @OnMessage public void primitiveInt(int m) { }
        @OnMessage public void boxedInt(Integer m) { }
        @OnMessage public void primitiveBoolean(boolean m) { }
        @OnMessage public void primitiveChar(char m) { }
        @OnMessage public void primitiveDouble(double m) { }
        @OnMessage public void bytes(byte[] m) { }
        @OnMessage public void buffer(ByteBuffer m) { }
        @OnMessage public void partialBytes(byte[] m, boolean last) { }
        @OnMessage public void partialBuffer(ByteBuffer m, boolean last, Session s) { }
        @OnMessage public void stream(InputStream m) { }
        @OnMessage public void pong(PongMessage m, Session s) { }
        @OnMessage public Point decodedText(Point m) { return m; }
        @OnMessage public void decodedBinary(Blob m) { }
        @OnMessage public void decodedTextStream(Doc m) { }
        @OnMessage public void decodedBinaryStream(Image m) { }
        @OnMessage public void decodedSupertype(Record m) { }
    }

    /** One endpoint class per method of {@link Messages}, so that "one per kind" does not interfere. */
    @ParameterizedTest
    @ValueSource(strings = {"string:TEXT:String:false", "stringSession:TEXT:String:false",
            "partialString:TEXT:String:true", "partialStringLastFirst:TEXT:String:true", "reader:TEXT:Reader:false",
            "primitiveInt:TEXT:Integer:false", "boxedInt:TEXT:Integer:false",
            "primitiveBoolean:TEXT:Boolean:false", "primitiveChar:TEXT:Character:false",
            "primitiveDouble:TEXT:Double:false", "bytes:BINARY:byte[]:false", "buffer:BINARY:ByteBuffer:false",
            "partialBytes:BINARY:byte[]:true", "partialBuffer:BINARY:ByteBuffer:true",
            "stream:BINARY:InputStream:false", "pong:PONG:PongMessage:false", "decodedText:TEXT:Point:false",
            "decodedBinary:BINARY:Blob:false", "decodedTextStream:TEXT:Doc:false",
            "decodedBinaryStream:BINARY:Image:false", "decodedSupertype:TEXT:Record:false"})
    void classifiesEachLegalMessageSignature(String spec) throws Exception {
        String[] p = spec.split(":");
        var method = java.util.Arrays.stream(Messages.class.getMethods())
                .filter(m -> m.getName().equals(p[0])).findFirst().orElseThrow();
        ParameterBinder binder = new ParameterBinder(Messages.class, true,
                List.of(PointDecoder.class, BlobDecoder.class, DocDecoder.class, ImageDecoder.class));
        ParameterBinder.MessageBinding b = binder.bindMessage(method);
        assertThat(b.kind()).isEqualTo(MessageKind.valueOf(p[1]));
        assertThat(b.messageType().getSimpleName()).isEqualTo(p[2]);
        assertThat(b.partial()).isEqualTo(Boolean.parseBoolean(p[3]));
    }

    @ServerEndpoint(value = "/d", decoders = {PointDecoder.class, BlobDecoder.class})
    public static class DecodedTypes {
        @OnMessage public void text(Point p) { }
        @OnMessage public void binary(Blob b) { }
    }

    @Test
    void takesDecodersFromTheAnnotation() throws DeploymentException {
        assertThat(AnnotatedEndpointModel.compile(DecodedTypes.class, true).onMessage())
                .extracting(MessageCallback::kind).containsExactlyInAnyOrder(MessageKind.TEXT, MessageKind.BINARY);
        assertThatThrownBy(() -> AnnotatedEndpointModel.compile(DecodedTypes.class, true, List.of()))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("no decoder");
    }

    public static class PointEndpoint {
        @OnMessage public void m(Point p) { }
    }

    @Test
    void whenTextAndBinaryDecodersProduceATypeTheFirstDecoderDecides() throws DeploymentException {
        assertThat(AnnotatedEndpointModel.compile(PointEndpoint.class, true,
                List.of(TestDecoders.PointBinaryDecoder.class, PointDecoder.class)).onMessage().get(0).kind())
                .isEqualTo(MessageKind.BINARY);
        assertThat(AnnotatedEndpointModel.compile(PointEndpoint.class, true,
                List.of(PointDecoder.class, TestDecoders.PointBinaryDecoder.class)).onMessage().get(0).kind())
                .isEqualTo(MessageKind.TEXT);
    }

    @ClientEndpoint(decoders = PointDecoder.class)
    public static class ClientWithDecoder {
        @OnMessage public void text(Point p) { }
        @OnError public void error(Throwable t) { }
    }

    @Test
    void clientEndpointsTakeDecodersFromClientEndpoint() throws DeploymentException {
        assertThat(AnnotatedEndpointModel.compile(ClientWithDecoder.class, false).onMessage()).hasSize(1);
    }

    // ---- illegal declarations ----

    private static void assertIllegal(Class<?> endpoint, String method, String rule) {
        assertIllegal(endpoint, true, method, rule);
    }

    private static void assertIllegal(Class<?> endpoint, boolean server, String method, String rule) {
        assertThatThrownBy(() -> AnnotatedEndpointModel.compile(endpoint, server,
                List.of(PointDecoder.class, BlobDecoder.class)))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining(endpoint.getName())
                .hasMessageContaining("." + method + "(")
                .hasMessageContaining(rule);
    }

    public static class TwoOnOpen {
        @OnOpen public void a() { }
        @OnOpen public void b(Session s) { }
    }

    public static class TwoOnClose {
        @OnClose public void a() { }
        @OnClose public void b() { }
    }

    public static class TwoOnError {
        @OnError public void a(Throwable t) { }
        @OnError public void b(Throwable t) { }
    }

    public static class TwoText {
        @OnMessage public void a(String s) { }
        @OnMessage public void b(int i) { }
    }

    public static class TwoBinary {
        @OnMessage public void a(byte[] b) { }
        @OnMessage public void b(InputStream in) { }
    }

    public static class TwoPong {
        @OnMessage public void a(PongMessage p) { }
        @OnMessage public void b(PongMessage p, Session s) { }
    }

    public static class TwoDecodedText {
        @OnMessage public void a(Reader r) { }
        @OnMessage public void b(Point p) { }
    }

    @Test
    void rejectsASecondCallbackOfOneKind() {
        assertIllegal(TwoOnOpen.class, "b", "second @OnOpen");
        assertIllegal(TwoOnClose.class, "b", "second @OnClose");
        assertIllegal(TwoOnError.class, "b", "second @OnError");
        assertIllegal(TwoText.class, "b", "second @OnMessage method for text");
        assertIllegal(TwoBinary.class, "b", "second @OnMessage method for binary");
        assertIllegal(TwoPong.class, "b", "second @OnMessage method for pong");
        assertIllegal(TwoDecodedText.class, "b", "second @OnMessage method for text");
    }

    public static class OpenWithString {
        @OnOpen public void open(Session s, String x) { }
    }

    public static class OpenWithTwoSessions {
        @OnOpen public void open(Session a, Session b) { }
    }

    public static class OpenWithTwoConfigs {
        @OnOpen public void open(EndpointConfig a, EndpointConfig b) { }
    }

    public static class OpenWithServerConfig {
        @OnOpen public void open(ServerEndpointConfig c) { }
    }

    public static class CloseWithConfig {
        @OnClose public void close(EndpointConfig c) { }
    }

    public static class CloseWithTwoReasons {
        @OnClose public void close(CloseReason a, CloseReason b) { }
    }

    public static class ErrorWithoutThrowable {
        @OnError public void error(Session s) { }
    }

    public static class ErrorWithException {
        @OnError public void error(Exception e) { }
    }

    public static class ErrorWithTwoThrowables {
        @OnError public void error(Throwable a, Throwable b) { }
    }

    @Test
    void rejectsParametersThatLifecycleCallbacksCannotHave() {
        assertIllegal(OpenWithString.class, "open", "parameter 1 of type java.lang.String is not allowed");
        assertIllegal(OpenWithTwoSessions.class, "open", "parameter 1: a second Session");
        assertIllegal(OpenWithTwoConfigs.class, "open", "parameter 1: a second EndpointConfig");
        assertIllegal(OpenWithServerConfig.class, "open", "parameter 0 of type");
        assertIllegal(CloseWithConfig.class, "close", "parameter 0 of type jakarta.websocket.EndpointConfig");
        assertIllegal(CloseWithTwoReasons.class, "close", "a second CloseReason");
        assertIllegal(ErrorWithoutThrowable.class, "error", "a Throwable parameter is required");
        assertIllegal(ErrorWithException.class, "error", "parameter 0 of type java.lang.Exception");
        assertIllegal(ErrorWithTwoThrowables.class, "error", "a second Throwable");
    }

    public static class MessageWithoutPayload {
        @OnMessage public void m(Session s) { }
    }

    public static class MessageWithTwoPayloads {
        @OnMessage public void m(String a, String b) { }
    }

    public static class MessageWithThreePayloads {
        @OnMessage public void m(String a, boolean last, boolean other) { }
    }

    public static class PartialReader {
        @OnMessage public void m(Reader r, boolean last) { }
    }

    public static class PartialPrimitive {
        @OnMessage public void m(int i, boolean last) { }
    }

    public static class PartialDecoded {
        @OnMessage public void m(Point p, boolean last) { }
    }

    public static class PartialWithBoxedLast {
        @OnMessage public void m(String s, Boolean last) { }
    }

    public static class PartialPong {
        @OnMessage public void m(PongMessage p, boolean last) { }
    }

    public static class UndecodableType {
        @OnMessage public void m(Unknown u) { }
    }

    public static class MessageWithConfig {
        @OnMessage public void m(String s, EndpointConfig c) { }
    }

    public static class MessageWithTwoSessions {
        @OnMessage public void m(Session a, String s, Session b) { }
    }

    @Test
    void rejectsIllegalMessageParameters() {
        assertIllegal(MessageWithoutPayload.class, "m", "no message parameter");
        assertIllegal(MessageWithTwoPayloads.class, "m", "parameters 0 (String) and 1 (String)");
        assertIllegal(MessageWithThreePayloads.class, "m", "cannot all be the message");
        assertIllegal(PartialReader.class, "m", "only String, ByteBuffer or byte[] with a boolean");
        assertIllegal(PartialPrimitive.class, "m", "only String, ByteBuffer or byte[] with a boolean");
        assertIllegal(PartialDecoded.class, "m", "only String, ByteBuffer or byte[] with a boolean");
        assertIllegal(PartialWithBoxedLast.class, "m", "only String, ByteBuffer or byte[] with a boolean");
        assertIllegal(PartialPong.class, "m", "only String, ByteBuffer or byte[] with a boolean");
        assertIllegal(UndecodableType.class, "m", "no decoder of the endpoint produces it");
        assertIllegal(MessageWithConfig.class, "m", "parameters 0 (String) and 1 (EndpointConfig)");
        assertIllegal(MessageWithTwoSessions.class, "m", "parameter 2: a second Session");
    }

    public static class PathParamOnObject {
        @OnOpen public void open(@PathParam("x") Object x) { }
    }

    public static class PathParamOnStringBuilder {
        @OnMessage public void m(String s, @PathParam("x") StringBuilder x) { }
    }

    public static class PathParams {
        @OnOpen public void open(@PathParam("a") String a, @PathParam("b") boolean b, @PathParam("c") char c,
                @PathParam("d") Double d, @PathParam("e") byte e, @PathParam("f") short f, @PathParam("g") float g) {
        }
    }

    @Test
    void pathParamsMustBeStringsOrPrimitives() throws DeploymentException {
        assertIllegal(PathParamOnObject.class, "open", "@PathParam(\"x\") must be a String, a primitive");
        assertIllegal(PathParamOnStringBuilder.class, "m", "@PathParam(\"x\") must be a String, a primitive");
        assertThat(AnnotatedEndpointModel.compile(PathParams.class, true).onOpen()).isNotNull();
    }

    @Test
    void pathParamsAreRejectedOnClientEndpoints() {
        assertIllegal(PathParams.class, false, "open", "only meaningful on a server endpoint");
    }

    public static class NonPublic {
        @OnOpen void open() { }
    }

    public static class ProtectedMessage {
        @OnMessage protected void m(String s) { }
    }

    public static class StaticCallback {
        @OnClose public static void close() { }
    }

    @Test
    void callbacksMustBePublicInstanceMethods() {
        assertIllegal(NonPublic.class, "open", "must be public");
        assertIllegal(ProtectedMessage.class, "m", "must be public");
        assertIllegal(StaticCallback.class, "close", "must not be static");
    }

    // ---- inheritance ----

    public static class Base {
        @OnOpen public void baseOpen() { }
        @OnMessage public void text(String s) { }
        @OnError public void error(Throwable t) { }
        @OnMessage public void binary(byte[] b) { }
    }

    public static class Derived extends Base {
        // overrides without the annotation: no longer a callback
        @Override public void text(String s) { }
        // replaces the base class's @OnOpen
        @OnOpen public void derivedOpen() { }
        // annotated again: counts once
        @Override @OnError public void error(Throwable t) { }
    }

    public abstract static class TwoInBase {
        @OnOpen public void a() { }
        @OnOpen public void b() { }
    }

    public static class ExtendsTwoInBase extends TwoInBase {
    }

    @Test
    void inheritedCallbacksCountUnlessOverridden() throws DeploymentException {
        AnnotatedEndpointModel model = AnnotatedEndpointModel.compile(Derived.class, true);
        assertThat(model.onOpen().method().getName()).isEqualTo("derivedOpen");
        assertThat(model.onError().method().getDeclaringClass()).isEqualTo(Derived.class);
        assertThat(model.onMessage()).extracting(MessageCallback::kind).containsExactly(MessageKind.BINARY);
        assertThat(model.onMessage().get(0).method().method().getDeclaringClass()).isEqualTo(Base.class);
        assertIllegal(ExtendsTwoInBase.class, "b", "second @OnOpen");
    }
}
