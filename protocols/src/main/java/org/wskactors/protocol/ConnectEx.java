package org.wskactors.protocol;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;

/**
 * {@code WskConnectEx}: {@link Connect} that also sends initial data once connected, before any
 * later {@link Send}.
 *
 * <p>Reply: {@link ConnectCompleted} once connected and the data was taken by the transport; as
 * {@link Connect}, plus {@link WskStatus#STATUS_BUFFER_OVERFLOW} for more than 65,535 bytes and
 * {@link WskStatus#STATUS_INVALID_PARAMETER} for flags other than 0.
 *
 * @param remoteAddress the resolved remote address
 * @param initialData up to 65,535 bytes, or empty
 * @param flags must be {@link WskFlags#NONE}
 * @param timeout how long to wait for the connection, or null for no limit of its own
 * @param replyTo receives the {@link ConnectCompleted}
 */
public record ConnectEx(
    InetSocketAddress remoteAddress,
    ByteString initialData,
    int flags,
    Duration timeout,
    ActorRef<ConnectCompleted> replyTo)
    implements ConnectionSocket.Command, StreamSocket.Command {

  /** The largest initial data WSK allows. */
  public static final int MAX_INITIAL_DATA = 65_535;
}
