package org.wskactors.runtime.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.wskactors.protocol.SocketCategory;
import org.wskactors.protocol.WskStatistics;

/**
 * INTERNAL API: the runtime's counters for one ActorSystem, updated by the socket actors as they
 * work (striped adders: an increment on the hot path costs a few nanoseconds and no lock) and read
 * as a {@link WskStatistics} snapshot.
 */
public final class WskMetrics implements Extension {

  /** The extension id. */
  public static final class Id extends ExtensionId<WskMetrics> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    @Override
    public WskMetrics createExtension(ActorSystem<?> system) {
      return new WskMetrics();
    }
  }

  /**
   * The counters of an ActorSystem.
   *
   * @param system the system
   */
  public static WskMetrics get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private final EnumMap<SocketCategory, LongAdder> open = new EnumMap<>(SocketCategory.class);
  final LongAdder clients = new LongAdder();
  final LongAdder connectionsAccepted = new LongAdder();
  final LongAdder connectionsConnected = new LongAdder();
  final LongAdder bytesReceived = new LongAdder();
  final LongAdder bytesSent = new LongAdder();
  final LongAdder datagramsReceived = new LongAdder();
  final LongAdder datagramsSent = new LongAdder();
  final LongAdder datagramsDropped = new LongAdder();
  final LongAdder receiveWindowStalls = new LongAdder();
  final LongAdder sendQueueRejections = new LongAdder();
  final LongAdder socketsFailed = new LongAdder();

  private WskMetrics() {
    for (SocketCategory c : SocketCategory.values()) open.put(c, new LongAdder());
  }

  void socketOpened(SocketCategory c) {
    open.get(c).increment();
  }

  void socketClosed(SocketCategory c) {
    open.get(c).decrement();
  }

  long openSockets(SocketCategory c) {
    return open.get(c).sum();
  }

  /** A snapshot of every counter. */
  public WskStatistics snapshot() {
    Map<SocketCategory, Long> sockets = new EnumMap<>(SocketCategory.class);
    for (SocketCategory c : SocketCategory.values()) sockets.put(c, openSockets(c));
    return new WskStatistics(
        (int) clients.sum(),
        sockets,
        connectionsAccepted.sum(),
        connectionsConnected.sum(),
        bytesReceived.sum(),
        bytesSent.sum(),
        datagramsReceived.sum(),
        datagramsSent.sum(),
        datagramsDropped.sum(),
        receiveWindowStalls.sum(),
        sendQueueRejections.sum(),
        socketsFailed.sum());
  }
}
