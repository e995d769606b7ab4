/**
 * JMH micro-benchmarks of the engine (masking, UTF-8 validation, frame parsing, permessage-deflate), each beside the
 * obvious alternative in the same run. Timing lives here, never in a test's assertion.
 */
package dev.onramp.bench;
