package dev.onramp.tck;

/** Settings of {@link OnrampTomcatContainer}: the common ones. */
public class OnrampTomcatContainerConfiguration extends OnrampContainerConfiguration {
}
