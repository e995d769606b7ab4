package dev.onramp.websocket.client;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

/**
 * Makes {@code ContainerProvider.getWebSocketContainer()} return Onramp's client. Each call returns a new
 * {@link OnrampClientContainer}, which costs two small objects: all containers share the JVM's selector and
 * callback threads.
 */
public class OnrampContainerProvider extends ContainerProvider {

    @Override
    protected WebSocketContainer getContainer() {
        return new OnrampClientContainer();
    }
}
