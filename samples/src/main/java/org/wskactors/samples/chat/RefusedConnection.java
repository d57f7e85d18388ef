package org.wskactors.samples.chat;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.util.ByteString;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;

/**
 * The handler of a connection the {@link ChatServer} will not serve (a connection limit is
 * reached): a child of the server that accepts the connection with {@link WskEvent#RECEIVE} and
 * {@link WskEvent#DISCONNECT}, sends one {@code ERROR} line as the final data of a graceful {@link
 * Disconnect}, consumes and drops whatever the client sends, and closes the socket when the client
 * has closed its side too or after the linger time, then stops.
 */
final class RefusedConnection {
  private RefusedConnection() {}

  /** The handler's messages: socket events and replies, and its linger timer. */
  sealed interface Msg {}

  private record SocketEvent(ConnectionSocket.Event event) implements Msg {}

  private record Disconnected(DisconnectCompleted reply) implements Msg {}

  private record Closed(CloseCompleted reply) implements Msg {}

  private enum Linger implements Msg {
    INSTANCE
  }

  private enum SocketTerminated implements Msg {
    INSTANCE
  }

  /**
   * A handler that answers {@code accepted} itself.
   *
   * @param accepted the listening socket's accept event
   * @param errorLine the ERROR line to send, without CR LF
   * @param linger how long to wait for the client's FIN before the socket is closed (reset)
   * @return the behaviour
   */
  static Behavior<Msg> create(AcceptEvent accepted, String errorLine, Duration linger) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new Handler(ctx, timers, accepted, errorLine, linger).behavior()));
  }

  private static final class Handler {
    final ActorContext<Msg> ctx;
    final ActorRef<ConnectionSocket.Command> socket;
    boolean peerClosed;
    boolean disconnected;
    boolean closing;

    Handler(
        ActorContext<Msg> ctx,
        TimerScheduler<Msg> timers,
        AcceptEvent accepted,
        String errorLine,
        Duration linger) {
      this.ctx = ctx;
      this.socket = accepted.acceptSocket();
      ctx.watchWith(socket, SocketTerminated.INSTANCE);
      accepted
          .replyTo()
          .tell(
              AcceptEventResponse.accept(
                  ctx.messageAdapter(ConnectionSocket.Event.class, SocketEvent::new),
                  WskEvent.RECEIVE,
                  WskEvent.DISCONNECT));
      socket.tell(
          new Disconnect(
              ByteString.fromString(errorLine + "\r\n"),
              WskFlags.NONE,
              ctx.messageAdapter(DisconnectCompleted.class, Disconnected::new)));
      timers.startSingleTimer(Linger.INSTANCE, linger);
    }

    Behavior<Msg> behavior() {
      return Behaviors.receive(Msg.class)
          .onMessage(SocketEvent.class, this::onEvent)
          .onMessage(Disconnected.class, this::onDisconnected)
          .onMessage(Linger.class, m -> close())
          .onMessage(Closed.class, m -> Behaviors.stopped())
          .onMessage(SocketTerminated.class, m -> Behaviors.stopped())
          .build();
    }

    private Behavior<Msg> onEvent(SocketEvent m) {
      ConnectionSocket.Event e = m.event();
      if (e instanceof ReceiveEvent r) {
        r.replyTo().tell(ReceiveEventResponse.consumed()); // dropped: the client is not served
        return Behaviors.same();
      }
      if (e instanceof DisconnectEvent d) {
        peerClosed = true;
        return d.abortive() || disconnected ? close() : Behaviors.same();
      }
      if (e instanceof SocketFailedEvent) return Behaviors.stopped();
      return Behaviors.same();
    }

    private Behavior<Msg> onDisconnected(Disconnected m) {
      disconnected = true;
      return peerClosed || !m.reply().status().isSuccess() ? close() : Behaviors.same();
    }

    private Behavior<Msg> close() {
      if (!closing) {
        closing = true;
        socket.tell(new CloseSocket(ctx.messageAdapter(CloseCompleted.class, Closed::new)));
      }
      return Behaviors.same();
    }
  }
}
