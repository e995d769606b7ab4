package dev.onramp.websocket.protocol;

import java.security.SecureRandom;

/**
 * Mask keys for client frames: RFC 6455 §10.3 asks for keys an intermediary cannot predict, fresh for
 * every frame. Each thread owns a {@link SecureRandom} and draws keys from a block it fills at once, so
 * sending threads never contend on a shared generator's lock and the generator is called once per block
 * rather than once per frame.
 */
public final class MaskKeys {

    private static final int BLOCK = 256;

    private static final ThreadLocal<Block> BLOCKS = ThreadLocal.withInitial(Block::new);

    private MaskKeys() {
    }

    /** A fresh, unpredictable 32-bit mask key (big-endian on the wire, as {@link Masking} expects). */
    public static int next() {
        return BLOCKS.get().next();
    }

    /** One thread's generator and the keys it has drawn but not yet handed out. */
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
