/**
 * The end-to-end load generator ({@code benchmarks/run.sh}): a NIO client that runs the workloads (echo, pipelined,
 * large messages, handshakes, idle connections) against each server in its own JVM, in interleaved rounds, and
 * reports every row side by side.
 */
package dev.onramp.bench.load;
