package org.wskactors.protocol;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code WskAccept}: the application asks a bound listening socket for the next incoming
 * connection.
 *
 * <p>Requests queue in order and are served before {@link AcceptEvent}s. The new socket is a
 * connection socket whose events go to {@code handler}, all disabled (enable them with {@link
 * SetOption}); bytes that arrive before that wait in the socket.
 *
 * <p>Reply: {@link AcceptCompleted} with the new socket; {@link WskStatus#STATUS_IO_TIMEOUT} when
 * {@code timeout} passes first, {@link WskStatus#STATUS_CANCELLED} when the listener closes, {@link
 * WskStatus#STATUS_INVALID_DEVICE_STATE} when it is not bound.
 *
 * @param handler receives the new socket's events; its stop closes the socket
 * @param timeout how long to wait for a connection, or null to wait until close (WSK has none)
 * @param replyTo receives the {@link AcceptCompleted}
 */
public record Accept(
    ActorRef<ConnectionSocket.Event> handler, Duration timeout, ActorRef<AcceptCompleted> replyTo)
    implements ListenSocket.Command, StreamSocket.Command {

  /**
   * An accept that waits until a connection arrives or the listener closes.
   *
   * @param handler receives the new socket's events
   * @param replyTo receives the {@link AcceptCompleted}
   */
  public Accept(ActorRef<ConnectionSocket.Event> handler, ActorRef<AcceptCompleted> replyTo) {
    this(handler, null, replyTo);
  }
}
