package dev.onramp.websocket.endpoint;

import jakarta.websocket.Decoder;

import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;

/** Decoders whose only use in these tests is their declared type; they are never called. */
final class TestDecoders {

    private TestDecoders() {
    }

    /** A type decoded from text. */
    record Point(int x, int y) {
    }

    /** A type decoded from binary messages. */
    record Blob(byte[] bytes) {
    }

    /** A type decoded from text streams. */
    record Doc(String body) {
    }

    /** A type decoded from binary streams. */
    record Image(byte[] pixels) {
    }

    /** A type that no decoder produces. */
    record Unknown(String s) {
    }

    public static class PointDecoder implements Decoder.Text<Point> {
        @Override
        public Point decode(String s) {
            String[] p = s.split(",");
            return new Point(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
        }

        @Override
        public boolean willDecode(String s) {
            return true;
        }
    }

    /** Binds the type argument through a generic superclass, which the type resolution must see through. */
    public abstract static class GenericBinaryDecoder<T> implements Decoder.Binary<T> {
        @Override
        public boolean willDecode(ByteBuffer bytes) {
            return true;
        }
    }

    public static class BlobDecoder extends GenericBinaryDecoder<Blob> {
        @Override
        public Blob decode(ByteBuffer bytes) {
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            return new Blob(b);
        }
    }

    /** Decodes {@link Point} from binary messages too. */
    public static class PointBinaryDecoder implements Decoder.Binary<Point> {
        @Override
        public Point decode(ByteBuffer bytes) {
            return new Point(bytes.get(), bytes.get());
        }

        @Override
        public boolean willDecode(ByteBuffer bytes) {
            return bytes.remaining() == 2;
        }
    }

    public static class DocDecoder implements Decoder.TextStream<Doc> {
        @Override
        public Doc decode(Reader reader) {
            return new Doc("");
        }
    }

    public static class ImageDecoder implements Decoder.BinaryStream<Image> {
        @Override
        public Image decode(InputStream is) {
            return new Image(new byte[0]);
        }
    }
}
