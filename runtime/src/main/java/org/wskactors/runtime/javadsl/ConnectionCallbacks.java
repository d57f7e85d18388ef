package org.wskactors.runtime.javadsl;

import org.apache.pekko.util.ByteString;
import org.wskactors.protocol.WskStatus;

/**
 * The events of one connection as callbacks, given to {@link WskClient#connect(
 * java.net.InetSocketAddress, ConnectionCallbacks)}, {@link
 * WskListener#accept(ConnectionCallbacks)} or {@link AcceptDecision#accept(ConnectionCallbacks)}.
 * The facade then enables the socket's receive, disconnect and send-backlog events and calls these
 * methods.
 *
 * <p><b>Threading.</b> The callbacks of one connection run one at a time, in event order, on a
 * small actor that is the socket's handler, or on the {@link java.util.concurrent.Executor} given
 * with them. On the actor they run on a Pekko dispatcher thread and must not block (no {@code
 * join()}, no blocking I/O); give an executor for callbacks that block. Facade requests made from a
 * callback ({@code connection.send(...)}) are fine: they do not block.
 *
 * <p><b>Flow control.</b> The facade always sends the receive event's reply, after {@link
 * #onReceive} returns: the returned {@link ReceiveDecision}, or {@link
 * ReceiveDecision#notAccepted()} when the method throws or returns null (the bytes then stay in the
 * socket, nothing is lost). While the reply is outstanding the socket sends no further receive
 * event.
 *
 * <p>All methods do nothing by default; {@link #onReceive} leaves the bytes in the socket.
 */
public interface ConnectionCallbacks {

  /**
   * Bytes arrived while no {@link WskConnection#receive(int)} was pending ({@code
   * WskReceiveEvent}).
   *
   * @param connection the connection
   * @param data the bytes
   * @return how many of the bytes were taken; the event's reply
   */
  default ReceiveDecision onReceive(WskConnection connection, ByteString data) {
    return ReceiveDecision.notAccepted();
  }

  /**
   * The peer closed its sending side gracefully (FIN after the bytes delivered); sending is still
   * possible ({@code WskDisconnectEvent} without {@code WSK_FLAG_ABORTIVE}).
   *
   * @param connection the connection
   */
  default void onDisconnect(WskConnection connection) {}

  /**
   * The connection was reset; both directions are dead ({@code WskDisconnectEvent} with {@code
   * WSK_FLAG_ABORTIVE}). Close the connection.
   *
   * @param connection the connection
   */
  default void onAbort(WskConnection connection) {}

  /**
   * The ideal number of bytes to keep outstanding in sends ({@code WskSendBacklogEvent}): once when
   * the events are enabled, then whenever it changes.
   *
   * @param connection the connection
   * @param idealBacklogBytes the ideal outstanding send bytes
   */
  default void onSendBacklog(WskConnection connection, long idealBacklogBytes) {}

  /**
   * The socket is dead (its actor failed or its transport was lost) and was closed.
   *
   * @param connection the connection
   * @param status why, usually {@link WskStatus#STATUS_FILE_FORCED_CLOSED}
   */
  default void onFailure(WskConnection connection, WskStatus status) {}
}
