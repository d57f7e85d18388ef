/**
 * The benchmark harness: {@link org.wskactors.benchmarks.Bench} runs the scenarios, each server
 * under test in a JVM of its own ({@link org.wskactors.benchmarks.ServerProcess}, described by a
 * {@link org.wskactors.benchmarks.Peer}), with options from {@link
 * org.wskactors.benchmarks.Settings}. Run on demand; the unit suite runs it end to end on a tiny
 * setting only.
 */
package org.wskactors.benchmarks;
