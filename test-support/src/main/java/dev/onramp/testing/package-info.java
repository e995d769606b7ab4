/**
 * Tools the tests of every module share (test scope only, never shipped): parked waits with a timeout
 * ({@link dev.onramp.testing.Await}), RFC 6455 frames written and read by hand, independent of Onramp's engine
 * ({@link dev.onramp.testing.Frames}), a raw-socket WebSocket client for what no polite client sends
 * ({@link dev.onramp.testing.RawWebSocket}), a throwaway self-signed certificate
 * ({@link dev.onramp.testing.SelfSignedCertificate}), a recorder over the JDK's {@code java.net.http.WebSocket}
 * ({@link dev.onramp.testing.JdkClient}), what a class logged ({@link dev.onramp.testing.CapturedLog}), the socket
 * side of the container modules' upgrade-probe tests ({@link dev.onramp.testing.UpgradeProbeClient}), and the
 * class-dependency reader behind the layering tests
 * ({@link dev.onramp.testing.ClassDependencies}). JDK only.
 */
package dev.onramp.testing;
