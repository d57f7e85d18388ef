package org.wskactors.protocol;

import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of the runtime's counters for one ActorSystem: the subsystem actor's answer to {@link
 * GetStatistics} (also readable as {@code Wsk.get(system).statistics()} and, when enabled, over JMX
 * as {@code org.wskactors:type=WskStatistics}). Counts since the runtime started, except the gauges
 * {@code clients} and {@code openSockets}. Counters are updated by the socket actors as they work,
 * so a snapshot taken while traffic flows is consistent per counter, not across counters.
 *
 * @param clients registered clients (gauge)
 * @param openSockets open sockets per category as created (gauge); every category is present
 * @param connectionsAccepted connection sockets handed to the application by a listening or stream
 *     socket (by {@code Accept}, an accepted {@code AcceptEvent} or an inspect-accepted connection)
 * @param connectionsConnected successful outgoing connects ({@code Connect}, {@code ConnectEx},
 *     {@code SocketConnect})
 * @param bytesReceived bytes read from TCP connections
 * @param bytesSent bytes of completed TCP sends
 * @param datagramsReceived datagrams read by datagram sockets (including those dropped after)
 * @param datagramsSent datagrams the kernel took
 * @param datagramsDropped datagrams a datagram socket dropped itself: receive window full, remote
 *     address filter, or {@code IPV6_V6ONLY} (kernel drops are not visible to Java)
 * @param receiveWindowStalls times a socket stopped reading because its receive window was full
 *     (flow control pushing back on the peer)
 * @param sendQueueRejections sends refused with {@code STATUS_INSUFFICIENT_RESOURCES} because the
 *     socket's send queue limit would be passed
 * @param socketsFailed sockets closed by the runtime because they failed ({@code
 *     SocketFailedEvent})
 */
public record WskStatistics(
    int clients,
    Map<SocketCategory, Long> openSockets,
    long connectionsAccepted,
    long connectionsConnected,
    long bytesReceived,
    long bytesSent,
    long datagramsReceived,
    long datagramsSent,
    long datagramsDropped,
    long receiveWindowStalls,
    long sendQueueRejections,
    long socketsFailed) {

  /**
   * Copies {@code openSockets}, adding 0 for every category that is missing.
   *
   * @param clients registered clients
   * @param openSockets open sockets per category; missing categories count 0, null means none
   * @param connectionsAccepted connection sockets handed over by listening or stream sockets
   * @param connectionsConnected successful outgoing connects
   * @param bytesReceived bytes read from TCP connections
   * @param bytesSent bytes of completed TCP sends
   * @param datagramsReceived datagrams read
   * @param datagramsSent datagrams the kernel took
   * @param datagramsDropped datagrams dropped by datagram sockets themselves
   * @param receiveWindowStalls times a socket stopped reading because its window was full
   * @param sendQueueRejections sends refused because a send queue limit would be passed
   * @param socketsFailed sockets closed because they failed
   */
  public WskStatistics {
    EnumMap<SocketCategory, Long> all = new EnumMap<>(SocketCategory.class);
    for (SocketCategory c : SocketCategory.values()) all.put(c, 0L);
    if (openSockets != null) all.putAll(openSockets);
    openSockets = Map.copyOf(all);
  }

  /**
   * Open sockets of one category.
   *
   * @param category the category
   * @return the count
   */
  public long openSockets(SocketCategory category) {
    return openSockets.get(category);
  }

  /**
   * Open sockets of every category together.
   *
   * @return the sum over all categories
   */
  public long totalOpenSockets() {
    long n = 0;
    for (long v : openSockets.values()) n += v;
    return n;
  }
}
