/**
 * The load generators, on plain JDK NIO and independent of the servers they measure: TCP echo
 * (closed loop), connect rate, idle connections, UDP echo and IRC chat clients. Each verifies what
 * comes back and records rates, latencies and errors in a {@link
 * org.wskactors.benchmarks.load.Stats}.
 */
package org.wskactors.benchmarks.load;
