package org.wskactors.benchmarks.soak;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a churn worker of the soak has: the server, its place in the 127/8 source-address plan, the
 * shared {@link Tally}, the stop flag and a random source seeded per worker (so runs repeat).
 */
abstract class Churn implements Runnable {
  protected final InetSocketAddress server;
  protected final int worker;
  protected final Tally tally;
  protected final AtomicBoolean stop;
  protected final SplittableRandom random;
  private final int net;

  /**
   * @param server the server under soak
   * @param net the second octet of the worker's source addresses
   * @param worker the worker's number, the third octet
   * @param tally counts and errors, shared by all workers
   * @param stop set when the soak ends
   * @param seed the random seed of this kind of worker (the worker's number is added)
   */
  Churn(InetSocketAddress server, int net, int worker, Tally tally, AtomicBoolean stop, long seed) {
    this.server = server;
    this.net = net;
    this.worker = worker;
    this.tally = tally;
    this.stop = stop;
    this.random = new SplittableRandom(seed + worker);
  }

  /** The source address of the worker's {@code n}-th connection: {@code 127.net.worker.x}. */
  protected InetSocketAddress source(long n) {
    return new InetSocketAddress("127." + net + "." + worker + "." + (1 + n % 250), 0);
  }
}
