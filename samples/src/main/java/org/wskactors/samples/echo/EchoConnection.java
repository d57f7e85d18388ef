package org.wskactors.samples.echo;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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
import org.wskactors.protocol.Release;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.samples.SocketAddresses;

/**
 * The handler of one accepted echo connection, a child of {@link EchoServer}.
 *
 * <p>It answers the connection's {@link AcceptEvent} with {@link AcceptEventResponse#accept}
 * naming itself as the socket's handler with {@link WskEvent#RECEIVE} and {@link
 * WskEvent#DISCONNECT} enabled, then echoes every byte with flow control: each {@link ReceiveEvent}
 * is sent back as is ({@link Send}) and kept ({@link ReceiveEventResponse#retained()}); when its
 * {@link SendCompleted} arrives (sends complete in order) the indication is given back with {@link
 * Release}. Unreleased indications count against the socket's receive window, so at most one
 * window of bytes is in flight: when the peer reads slowly, sends complete slowly, the window
 * fills, the socket stops reading and TCP pushes back on the peer's writes.
 *
 * <p>When the peer closes gracefully ({@link DisconnectEvent} with {@code abortive=false}, which
 * comes after every byte was indicated), the handler waits for its outstanding sends, shuts its
 * side down with a graceful {@link Disconnect}, then {@link CloseSocket}s and stops. On a reset, a
 * failed send or a failed socket it closes (if the socket still lives) and stops.
 */
public final class EchoConnection {

  /** The messages of a connection handler; all of them are internal replies and events. */
  public sealed interface Command {}

  /** Connection socket to handler: a {@link ConnectionSocket.Event}. */
  private record SocketEvent(ConnectionSocket.Event event) implements Command {}

  /** Connection socket to handler: the reply to an echoing {@link Send}. */
  private record Sent(SendCompleted reply) implements Command {}

  /** Connection socket to handler: the reply to the graceful {@link Disconnect}. */
  private record Disconnected(DisconnectCompleted reply) implements Command {}

  /** Connection socket to handler: the reply to {@link CloseSocket}. */
  private record Closed(CloseCompleted reply) implements Command {}

  /** Pekko (death watch) to handler: the connection socket actor has stopped. */
  private enum SocketTerminated implements Command {
    INSTANCE
  }

  /**
   * A handler for the connection of an accept event; it replies to the event itself.
   *
   * @param accepted the listening socket's {@link AcceptEvent}
   * @return the handler's behaviour
   */
  public static Behavior<Command> create(AcceptEvent accepted) {
    return Behaviors.setup(ctx -> new EchoConnection(ctx, accepted).echoing());
  }

  private final ActorContext<Command> ctx;
  private final ActorRef<ConnectionSocket.Command> socket;
  private final InetSocketAddress remote;
  private final ActorRef<SendCompleted> sentAdapter;
  private final ActorRef<DisconnectCompleted> disconnectedAdapter;
  private final ActorRef<CloseCompleted> closedAdapter;

  /** Indication ids of the outstanding sends, oldest first. */
  private final ArrayDeque<Long> unreleased = new ArrayDeque<>();

  private boolean peerClosed;
  private long bytesEchoed;

  private EchoConnection(ActorContext<Command> ctx, AcceptEvent accepted) {
    this.ctx = ctx;
    this.socket = accepted.acceptSocket();
    this.remote = accepted.remoteAddress();
    ActorRef<ConnectionSocket.Event> events =
        ctx.messageAdapter(ConnectionSocket.Event.class, SocketEvent::new);
    this.sentAdapter = ctx.messageAdapter(SendCompleted.class, Sent::new);
    this.disconnectedAdapter = ctx.messageAdapter(DisconnectCompleted.class, Disconnected::new);
    this.closedAdapter = ctx.messageAdapter(CloseCompleted.class, Closed::new);
    ctx.watchWith(socket, SocketTerminated.INSTANCE);
    accepted.replyTo().tell(AcceptEventResponse.accept(events, WskEvent.RECEIVE, WskEvent.DISCONNECT));
  }

  // ---- echoing -------------------------------------------------------------------------------

  private Behavior<Command> echoing() {
    return Behaviors.receive(Command.class)
        .onMessage(SocketEvent.class, this::onSocketEvent)
        .onMessage(Sent.class, this::onSent)
        .onMessage(SocketTerminated.class, m -> socketGone())
        .build();
  }

  private Behavior<Command> onSocketEvent(SocketEvent m) {
    ConnectionSocket.Event e = m.event();
    if (e instanceof ReceiveEvent r) {
      socket.tell(new Send(r.data(), WskFlags.NONE, sentAdapter));
      unreleased.add(r.indicationId());
      r.replyTo().tell(ReceiveEventResponse.retained());
      return Behaviors.same();
    }
    if (e instanceof DisconnectEvent d) {
      if (d.abortive()) return close("reset by the peer");
      peerClosed = true;
      return unreleased.isEmpty() ? disconnect() : Behaviors.same();
    }
    if (e instanceof SocketFailedEvent f) {
      ctx.getLog()
          .warn("Connection from {} failed with {}", SocketAddresses.format(remote), f.status());
      return Behaviors.stopped();
    }
    return Behaviors.same(); // SendBacklogEvent: not enabled
  }

  private Behavior<Command> onSent(Sent m) {
    SendCompleted s = m.reply();
    if (!s.status().isSuccess()) {
      return close("send failed with " + s.status());
    }
    bytesEchoed += s.bytesSent();
    socket.tell(new Release(unreleased.poll()));
    return peerClosed && unreleased.isEmpty() ? disconnect() : Behaviors.same();
  }

  // ---- graceful shutdown ---------------------------------------------------------------------

  private Behavior<Command> disconnect() {
    // Every byte the peer sent has been echoed and taken by the transport: send our FIN.
    socket.tell(new Disconnect(null, WskFlags.NONE, disconnectedAdapter));
    return Behaviors.receive(Command.class)
        .onMessage(
            Disconnected.class,
            m ->
                close(
                    m.reply().status().isSuccess()
                        ? "graceful close"
                        : "disconnect failed with " + m.reply().status()))
        .onMessage(SocketEvent.class, this::onSocketEventWhileClosing)
        .onMessage(SocketTerminated.class, m -> socketGone())
        .build();
  }

  // ---- close ---------------------------------------------------------------------------------

  private Behavior<Command> close(String why) {
    ctx.getLog()
        .info(
            "Connection from {} ended ({}) after echoing {} bytes",
            SocketAddresses.format(remote),
            why,
            bytesEchoed);
    socket.tell(new CloseSocket(closedAdapter));
    return Behaviors.receive(Command.class)
        .onMessage(Closed.class, m -> Behaviors.stopped())
        .onMessage(SocketTerminated.class, m -> Behaviors.stopped())
        .onMessage(SocketEvent.class, this::onSocketEventWhileClosing)
        .onMessage(Sent.class, m -> Behaviors.same()) // cancelled by the close
        .build();
  }

  private Behavior<Command> onSocketEventWhileClosing(SocketEvent m) {
    if (m.event() instanceof ReceiveEvent r) r.replyTo().tell(ReceiveEventResponse.consumed());
    if (m.event() instanceof SocketFailedEvent) return Behaviors.stopped();
    return Behaviors.same();
  }

  private Behavior<Command> socketGone() {
    ctx.getLog()
        .debug(
            "Socket of connection from {} stopped after echoing {} bytes",
            SocketAddresses.format(remote),
            bytesEchoed);
    return Behaviors.stopped();
  }
}
