package org.wskactors.runtime.javadsl;

import java.net.InetSocketAddress;
import org.apache.pekko.util.ByteString;
import org.wskactors.protocol.WskStatus;

/**
 * The events of a datagram socket as callbacks, given to {@link WskClient#openDatagram(
 * InetSocketAddress, DatagramCallbacks)}: the facade enables the receive-from event after the bind
 * and calls {@link #onDatagram} for every datagram that arrives while no {@link
 * WskDatagram#receiveFrom(int)} is pending.
 *
 * <p><b>Threading.</b> Callbacks run one at a time, in arrival order, on a small actor that is the
 * socket's handler (a Pekko dispatcher thread: do not block), or on the executor given with them.
 * The facade replies to the receive-from event (all datagrams consumed) after the last callback of
 * the event returns, also when one throws; until then the datagrams count against the socket's
 * receive window, and when it is full the kernel drops datagrams, as UDP does.
 */
@FunctionalInterface
public interface DatagramCallbacks {

  /**
   * A datagram arrived ({@code WskReceiveFromEvent}, one call per datagram).
   *
   * @param socket the socket that received it
   * @param data the datagram
   * @param remoteAddress its sender
   */
  void onDatagram(WskDatagram socket, ByteString data, InetSocketAddress remoteAddress);

  /**
   * The socket is dead (its actor failed or its transport was lost) and was closed.
   *
   * @param socket the socket
   * @param status why, usually {@link WskStatus#STATUS_FILE_FORCED_CLOSED}
   */
  default void onFailure(WskDatagram socket, WskStatus status) {}
}
