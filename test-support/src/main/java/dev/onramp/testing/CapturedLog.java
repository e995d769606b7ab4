package dev.onramp.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a class logged while a test ran, for tests that assert on logging. Onramp logs through
 * {@code System.Logger}, which goes to {@code java.util.logging} when no other logging backend is installed (the
 * case in the modules' tests); this captures the records of one logger (and its children) there, from
 * {@link #of} until {@link #close}.
 */
public final class CapturedLog implements AutoCloseable {

    /** One captured record: its level, message and what it was logged with. */
    public record Entry(Level level, String message, Throwable thrown) {
    }

    private final Logger logger;
    private final Level previousLevel;
    private final List<Entry> entries = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (entries) {
                entries.add(new Entry(record.getLevel(), record.getMessage(), record.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog(String loggerName) {
        logger = Logger.getLogger(loggerName);
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Starts capturing what the logger of this name (e.g. a class's name) and its children log. */
    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    /** The records captured so far, oldest first. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** The records captured so far at {@code level} or above. */
    public List<Entry> atLeast(Level level) {
        return entries().stream().filter(e -> e.level().intValue() >= level.intValue()).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}
