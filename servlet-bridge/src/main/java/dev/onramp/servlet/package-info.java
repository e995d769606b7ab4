/**
 * Onramp in any Servlet 6 container, through the standard API only: the {@code ServletContainerInitializer} that
 * deploys endpoints, the {@code ServerContainer}, the upgrade filter and handshake, and the
 * {@code HttpUpgradeHandler} whose {@link dev.onramp.servlet.ServletTransport} runs a connection over non-blocking
 * servlet I/O. No container's own classes (the layering test keeps it so): what a container needs beyond the
 * Servlet API lives in that container's module.
 */
package dev.onramp.servlet;
