package dev.onramp.bench;

import dev.onramp.websocket.protocol.DeflateParameters;
import dev.onramp.websocket.protocol.Opcode;
import dev.onramp.websocket.protocol.PerMessageDeflate;
import dev.onramp.websocket.protocol.ProtocolException;
import dev.onramp.websocket.protocol.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * permessage-deflate of one 16 KiB text message (JSON-like words): compress it with one {@link PerMessageDeflate},
 * decompress the result with another, as a server and a client do, with context takeover (the default) or without.
 * Score: messages per millisecond.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DeflateBenchmark {

    static final int SIZE = 16 * 1024;

    /** true: both ends reset their context after each message. */
    @Param({"false", "true"})
    public boolean noContextTakeover;

    private PerMessageDeflate sender;
    private PerMessageDeflate receiver;
    /** Different messages in turn: one message over and over would compress to a back-reference to itself. */
    private final ByteBuffer[] messages = new ByteBuffer[16];
    private int next;

    @Setup
    public void setup() {
        DeflateParameters agreed = noContextTakeover
                ? DeflateParameters.acceptOffer(java.util.List.of(
                        new DeflateParameters.Parameter("server_no_context_takeover", null)))
                : DeflateParameters.defaults();
        sender = new PerMessageDeflate(Role.SERVER, agreed);
        receiver = new PerMessageDeflate(Role.CLIENT, agreed);
        Random random = new Random(1);
        String[] words = {"\"id\":", "\"name\":", "\"value\":", "true", "false", "null", "{", "}", "[", "]", ","};
        for (int i = 0; i < messages.length; i++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < SIZE) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(100_000));
            }
            messages[i] = ByteBuffer.wrap(text.substring(0, SIZE).getBytes(StandardCharsets.US_ASCII));
        }
    }

    @TearDown
    public void tearDown() {
        sender.release();
        receiver.release();
    }

    /** Compressed size of one message (to keep the JIT honest, and as a sanity figure). */
    @Benchmark
    public int compress() {
        return deflate().remaining();
    }

    @Benchmark
    public long compressAndDecompress() throws ProtocolException {
        ByteBuffer wire = deflate();
        receiver.startInbound(Opcode.TEXT, 0b100);
        long inflated = 0;
        while (true) {
            ByteBuffer out = receiver.decode(wire, true);
            if (!out.hasRemaining() && !wire.hasRemaining()) {
                break;
            }
            inflated += out.remaining();
        }
        if (inflated != SIZE) {
            throw new IllegalStateException("inflated " + inflated + " bytes");
        }
        return inflated;
    }

    private ByteBuffer deflate() {
        sender.startOutbound(Opcode.TEXT);
        ByteBuffer in = messages[next++ & (messages.length - 1)].duplicate();
        ByteBuffer out = sender.encode(in, true);
        ByteBuffer copy = ByteBuffer.allocate(out.remaining());
        copy.put(out).flip();
        if (in.hasRemaining() || sender.encode(in, true).hasRemaining()) {
            throw new IllegalStateException("encode did not take the whole message at once");
        }
        return copy;
    }
}
