package dev.onramp.tck.apps.coder;

/** The application type that travels through {@link PointDecoder} and {@link PointEncoder}. */
public record Point(int x, int y) {
}
