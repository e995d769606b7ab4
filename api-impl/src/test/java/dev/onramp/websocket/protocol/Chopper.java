package dev.onramp.websocket.protocol;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

/**
 * Feeds bytes to a parser whole, in 1-byte pieces, or in random pieces (seeded; the seed is in {@link #toString()},
 * which the tests put in their failure messages).
 */
final class Chopper {
    /** A seed that changes every run, so random chopping explores; it is printed on failure. */
    static final long RUN_SEED = System.nanoTime();

    final String name;
    private final long seed;

    private Chopper(String name, long seed) {
        this.name = name;
        this.seed = seed;
    }

    static List<Chopper> all() {
        return List.of(new Chopper("whole", 0), new Chopper("1-byte", 0),
                new Chopper("random", 42), new Chopper("random", RUN_SEED));
    }

    /** What a feed produced: the events and, if parsing failed, the exception and the bytes consumed before it. */
    static final class Result {
        final Recorder recorder;
        ProtocolException error;
        long consumed;

        Result(Recorder recorder) {
            this.recorder = recorder;
        }
    }

    Result feed(Role role, byte[] data) {
        return feed(role, data, Long.MAX_VALUE, Long.MAX_VALUE, List.of());
    }

    Result feed(Role role, byte[] data, long maxText, long maxBinary, List<ExtensionCodec> codecs) {
        Recorder recorder = new Recorder();
        FrameParser parser = new FrameParser(role, recorder);
        parser.setMaxMessageSize(maxText, maxBinary);
        parser.setExtensions(codecs);
        Result result = new Result(recorder);
        Random random = new Random(seed);
        int offset = 0;
        while (offset < data.length) {
            int n;
            switch (name) {
                case "whole": n = data.length; break;
                case "1-byte": n = 1; break;
                default: n = 1 + random.nextInt(Math.min(data.length - offset, 1 + random.nextInt(70)));
            }
            n = Math.min(n, data.length - offset);
            // A fresh array per piece, so a parser that kept a reference to an earlier piece would be caught.
            byte[] piece = new byte[n];
            System.arraycopy(data, offset, piece, 0, n);
            ByteBuffer in = ByteBuffer.wrap(piece);
            try {
                while (parser.parse(in)) {
                    // paused by the recorder: resume right away
                }
            } catch (ProtocolException e) {
                result.error = e;
                result.consumed = offset + in.position();
                return result;
            }
            if (in.hasRemaining()) {
                throw new AssertionError("parse returned false with input left, " + this);
            }
            offset += n;
        }
        result.consumed = offset;
        return result;
    }

    @Override
    public String toString() {
        return name.equals("random") ? "random chopping, seed " + seed : name + " chopping";
    }
}
