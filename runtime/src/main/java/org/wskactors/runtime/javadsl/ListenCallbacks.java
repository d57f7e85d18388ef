package org.wskactors.runtime.javadsl;

import org.wskactors.protocol.WskStatus;

/**
 * The events of a listening socket as callbacks, given to {@link WskClient#listen(
 * java.net.InetSocketAddress, ListenCallbacks)}: the facade enables the accept event after the bind
 * and calls {@link #onAccept} for every incoming connection.
 *
 * <p><b>Threading.</b> Callbacks run one at a time on a small actor that is the socket's handler (a
 * Pekko dispatcher thread: do not block), or on the executor given with them. The facade always
 * replies to the accept event after {@link #onAccept} returns; when it throws or returns null the
 * connection is rejected. Without a reply within {@code wsk-actors.listen.accept-decision-timeout}
 * the socket rejects the connection itself, so a slow executor costs connections.
 */
@FunctionalInterface
public interface ListenCallbacks {

  /**
   * A connection came in ({@code WskAcceptEvent}). The connection can be used at once (a send, a
   * receive); no event of it is delivered before this method returns.
   *
   * @param connection the new connection, with its local and remote address
   * @return {@link AcceptDecision#accept(ConnectionCallbacks)}, {@link AcceptDecision#accept()} or
   *     {@link AcceptDecision#reject()}
   */
  AcceptDecision onAccept(WskConnection connection);

  /**
   * The listening socket is dead (its actor failed or its transport was lost) and was closed.
   *
   * @param listener the listener
   * @param status why, usually {@link WskStatus#STATUS_FILE_FORCED_CLOSED}
   */
  default void onFailure(WskListener listener, WskStatus status) {}
}
