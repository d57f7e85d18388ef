package org.wskactors.runtime;

/**
 * The runtime's counters over JMX, one MBean per ActorSystem, registered by the {@link Wsk}
 * extension when {@code wsk-actors.jmx.enabled} is on, under {@code
 * org.wskactors:type=WskStatistics,system=<ActorSystem name>}, and unregistered when the system
 * terminates. Read-only; every attribute is the field of the same name in {@link
 * org.wskactors.protocol.WskStatistics} (see there for their meaning), read at the time of the
 * call.
 */
public interface WskStatisticsMXBean {
  /** {@return registered clients} */
  int getClients();

  /** {@return open basic sockets} */
  long getOpenBasicSockets();

  /** {@return open listening sockets} */
  long getOpenListenSockets();

  /** {@return open datagram sockets} */
  long getOpenDatagramSockets();

  /** {@return open connection sockets (created, connected or accepted)} */
  long getOpenConnectionSockets();

  /** {@return open stream sockets} */
  long getOpenStreamSockets();

  /** {@return connection sockets handed over by listening or stream sockets} */
  long getConnectionsAccepted();

  /** {@return successful outgoing connects} */
  long getConnectionsConnected();

  /** {@return bytes read from TCP connections} */
  long getBytesReceived();

  /** {@return bytes of completed TCP sends} */
  long getBytesSent();

  /** {@return datagrams read by datagram sockets} */
  long getDatagramsReceived();

  /** {@return datagrams the kernel took} */
  long getDatagramsSent();

  /** {@return datagrams dropped by datagram sockets themselves} */
  long getDatagramsDropped();

  /** {@return times a socket stopped reading because its receive window was full} */
  long getReceiveWindowStalls();

  /** {@return sends refused because a send queue limit would be passed} */
  long getSendQueueRejections();

  /** {@return sockets closed because they failed} */
  long getSocketsFailed();
}
