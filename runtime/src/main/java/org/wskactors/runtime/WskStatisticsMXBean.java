package org.wskactors.runtime;

/**
 * The runtime's counters over JMX, one MBean per ActorSystem, registered by the {@link Wsk}
 * extension when {@code wsk-actors.jmx.enabled} is on, under {@code
 * org.wskactors:type=WskStatistics,system=<ActorSystem name>}, and unregistered when the system
 * terminates. Read-only; every attribute is the field of the same name in {@link
 * org.wskactors.protocol.WskStatistics} (see there for their meaning), read at the time of the call.
 */
public interface WskStatisticsMXBean {
  /** Registered clients. */
  int getClients();

  /** Open basic sockets. */
  long getOpenBasicSockets();

  /** Open listening sockets. */
  long getOpenListenSockets();

  /** Open datagram sockets. */
  long getOpenDatagramSockets();

  /** Open connection sockets (created, connected or accepted). */
  long getOpenConnectionSockets();

  /** Open stream sockets. */
  long getOpenStreamSockets();

  /** Connection sockets handed over by listening or stream sockets. */
  long getConnectionsAccepted();

  /** Successful outgoing connects. */
  long getConnectionsConnected();

  /** Bytes read from TCP connections. */
  long getBytesReceived();

  /** Bytes of completed TCP sends. */
  long getBytesSent();

  /** Datagrams read by datagram sockets. */
  long getDatagramsReceived();

  /** Datagrams the kernel took. */
  long getDatagramsSent();

  /** Datagrams dropped by datagram sockets themselves. */
  long getDatagramsDropped();

  /** Times a socket stopped reading because its receive window was full. */
  long getReceiveWindowStalls();

  /** Sends refused because a send queue limit would be passed. */
  long getSendQueueRejections();

  /** Sockets closed because they failed. */
  long getSocketsFailed();
}
