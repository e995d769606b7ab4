package dev.onramp.tck.apps.coder;

import jakarta.websocket.Encoder;

/** Encodes a point in a shape distinct from the decoder's input, so a test sees that the encoder ran. */
public class PointEncoder implements Encoder.Text<Point> {

    @Override
    public String encode(Point point) {
        return "Point(x=" + point.x() + ", y=" + point.y() + ")";
    }
}
