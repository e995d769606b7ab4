package dev.onramp.websocket.protocol;

import java.security.SecureRandom;

/**
 * Mask keys for client frames: RFC 6455 §10.3 asks for keys an intermediary cannot predict, fresh for
 * every frame. Keys come from a few {@link SecureRandom} generators, each drawing a block of keys at once, picked by
 * the calling thread's id: sending threads rarely meet on one generator's lock, and a generator is called once per
 * block rather than once per frame.
 *
 * <p>No per-thread state (a {@code ThreadLocal}): a client frame is often sent from a thread Onramp does not own, a
 * servlet container's request thread for one, and a value of an Onramp class left in such a thread would keep a web
 * application that carries Onramp in {@code WEB-INF/lib} in memory after it was undeployed, for as long as the thread
 * lives.
 */
public final class MaskKeys {

    private static final int BLOCK = 256;

    /** A power of two, at least twice the processors, so that concurrent senders seldom share a generator. */
    private static final Block[] BLOCKS = blocks(Integer.highestOneBit(
            Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1));

    private MaskKeys() {
    }

    private static Block[] blocks(int count) {
        Block[] all = new Block[count];
        for (int i = 0; i < count; i++) {
            all[i] = new Block();
        }
        return all;
    }

    /** A fresh, unpredictable 32-bit mask key (big-endian on the wire, as {@link Masking} expects). */
    public static int next() {
        Block block = BLOCKS[(int) Thread.currentThread().getId() & (BLOCKS.length - 1)];
        synchronized (block) {
            return block.next();
        }
    }

    /** One generator and the keys it has drawn but not yet handed out; used under its own lock. */
    private static final class Block {
        private final SecureRandom random = new SecureRandom();
        private final byte[] bytes = new byte[BLOCK * 4];
        private int next = BLOCK * 4;

        int next() {
            if (next == bytes.length) {
                random.nextBytes(bytes);
                next = 0;
            }
            int i = next;
            next = i + 4;
            int key = (bytes[i] & 0xFF) << 24 | (bytes[i + 1] & 0xFF) << 16
                    | (bytes[i + 2] & 0xFF) << 8 | (bytes[i + 3] & 0xFF);
            // Keys already handed out are not left readable in memory longer than needed.
            bytes[i] = bytes[i + 1] = bytes[i + 2] = bytes[i + 3] = 0;
            return key;
        }
    }
}
