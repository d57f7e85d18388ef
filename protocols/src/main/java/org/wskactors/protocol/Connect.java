package org.wskactors.protocol;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskConnect}: the application connects a bound connection socket to a remote address.
 *
 * <p>Reply: {@link ConnectCompleted}; failures are {@link WskStatus#STATUS_CONNECTION_REFUSED},
 * {@link WskStatus#STATUS_IO_TIMEOUT} (the given timeout or the kernel's), {@link
 * WskStatus#STATUS_NETWORK_UNREACHABLE}, {@link WskStatus#STATUS_HOST_UNREACHABLE}, {@link
 * WskStatus#STATUS_ADDRESS_ALREADY_EXISTS} (local address in use), {@link
 * WskStatus#STATUS_INVALID_PARAMETER} (null, unresolved, wildcard, port 0 or another family) and
 * {@link WskStatus#STATUS_INVALID_DEVICE_STATE} (not bound, or already connecting or connected).
 * After a failed connect the socket can only be closed.
 *
 * @param remoteAddress the resolved remote address
 * @param timeout how long to wait, or null for the kernel's own limit (WSK has none)
 * @param replyTo receives the {@link ConnectCompleted}
 */
public record Connect(
    InetSocketAddress remoteAddress, Duration timeout, ActorRef<ConnectCompleted> replyTo)
    implements ConnectionSocket.Command, StreamSocket.Command {

  /**
   * A connect without a timeout of its own.
   *
   * @param remoteAddress the resolved remote address
   * @param replyTo receives the {@link ConnectCompleted}
   */
  public Connect(InetSocketAddress remoteAddress, ActorRef<ConnectCompleted> replyTo) {
    this(remoteAddress, null, replyTo);
  }
}
