package org.wskactors.samples.echo;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.samples.SocketAddresses;

/**
 * The handler of one accepted echo connection, a child of {@link EchoServer}.
 *
 * <p>It answers the connection's {@link AcceptEvent} with {@link AcceptEventResponse#accept} naming
 * itself as the socket's handler with {@link WskEvent#RECEIVE} and {@link WskEvent#DISCONNECT}
 * enabled, then echoes every byte with flow control: each {@link ReceiveEvent} is answered with
 * {@link ReceiveEventResponse#retainedUntilSent}, carrying a {@link Send} of the same bytes. The
 * socket sends them and releases the indication when the send completes, so unsent echoes count
 * against the socket's receive window and at most one window of bytes is in flight: when the peer
 * reads slowly, sends complete slowly, the window fills, the socket stops reading and TCP pushes
 * back on the peer's writes. One message per echo, where a {@link Send}, a {@code retained()}
 * reply, a {@link SendCompleted} and a {@code Release} would be four; the send's completion goes to
 * the system's {@code ignoreRef}, because a failed send also ends the connection, which the
 * disconnect event reports.
 *
 * <p>When the peer closes gracefully ({@link DisconnectEvent} with {@code abortive=false}, which
 * comes after every byte was indicated, so after every echo was queued), the handler shuts its side
 * down with a graceful {@link Disconnect}, which the socket sends after the queued echoes, then
 * {@link CloseSocket}s and stops. On a reset or a failed socket it closes (if the socket still
 * lives) and stops.
 *
 * <p>The handler takes the socket's events and replies as they are, with no message adapters: its
 * behaviour accepts any message and its own reference, narrowed, is the event handler and the
 * {@code replyTo} of every request. An adapter would cost a function reference per reply type per
 * connection and a wrapper per message, which matters at tens of thousands of connections.
 */
public final class EchoConnection extends AbstractBehavior<Object> {

  /**
   * Checked before the actor's own logger is asked for: the first {@code getLog()} of an actor
   * finds its class on the stack, which costs more than echoing a short connection.
   */
  private static final Logger LOG = LoggerFactory.getLogger(EchoConnection.class);

  /** Pekko (death watch) to handler: the connection socket actor has stopped. */
  private enum SocketTerminated {
    INSTANCE
  }

  private enum Phase {
    ECHOING,
    DISCONNECTING,
    CLOSING
  }

  /**
   * A handler for the connection of an accept event; it replies to the event itself.
   *
   * @param accepted the listening socket's {@link AcceptEvent}
   * @return the handler's behaviour; it takes the socket's events and replies, nothing else
   */
  public static Behavior<Object> create(AcceptEvent accepted) {
    return Behaviors.setup(ctx -> new EchoConnection(ctx, accepted));
  }

  private final ActorRef<ConnectionSocket.Command> socket;
  private final InetSocketAddress remote;
  private final ActorRef<Object> self;
  private final ActorRef<SendCompleted> ignore;

  private Phase phase = Phase.ECHOING;
  private long bytesEchoed;

  private EchoConnection(ActorContext<Object> ctx, AcceptEvent accepted) {
    super(ctx);
    this.socket = accepted.acceptSocket();
    this.remote = accepted.remoteAddress();
    this.self = ctx.getSelf();
    this.ignore = ctx.getSystem().ignoreRef();
    ctx.watchWith(socket, SocketTerminated.INSTANCE);
    ActorRef<ConnectionSocket.Event> events = self.narrow();
    accepted
        .replyTo()
        .tell(AcceptEventResponse.accept(events, WskEvent.RECEIVE, WskEvent.DISCONNECT));
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder().onAnyMessage(this::onMessage).build();
  }

  private Behavior<Object> onMessage(Object m) {
    if (m instanceof ReceiveEvent r) return onReceive(r);
    if (m instanceof DisconnectEvent d) return onDisconnectEvent(d);
    if (m instanceof DisconnectCompleted d) return onDisconnected(d);
    if (m instanceof CloseCompleted) return Behaviors.stopped();
    if (m instanceof SocketFailedEvent f) return onFailed(f);
    if (m == SocketTerminated.INSTANCE) return socketGone();
    return this; // SendBacklogEvent: not enabled
  }

  // ---- echoing -------------------------------------------------------------------------------

  private Behavior<Object> onReceive(ReceiveEvent r) {
    if (phase != Phase.ECHOING) {
      r.replyTo().tell(ReceiveEventResponse.consumed());
      return this;
    }
    bytesEchoed += r.data().size();
    r.replyTo()
        .tell(ReceiveEventResponse.retainedUntilSent(new Send(r.data(), WskFlags.NONE, ignore)));
    return this;
  }

  private Behavior<Object> onDisconnectEvent(DisconnectEvent d) {
    if (phase != Phase.ECHOING) return this;
    if (d.abortive()) return close("reset by the peer");
    return disconnect();
  }

  private Behavior<Object> onFailed(SocketFailedEvent f) {
    if (phase == Phase.ECHOING) {
      getContext()
          .getLog()
          .warn("Connection from {} failed with {}", SocketAddresses.format(remote), f.status());
    }
    return Behaviors.stopped();
  }

  // ---- graceful shutdown ---------------------------------------------------------------------

  private Behavior<Object> disconnect() {
    // Every byte the peer sent has been queued for echo; the FIN follows the queued sends.
    phase = Phase.DISCONNECTING;
    socket.tell(new Disconnect(null, WskFlags.NONE, self.narrow()));
    return this;
  }

  private Behavior<Object> onDisconnected(DisconnectCompleted d) {
    if (phase != Phase.DISCONNECTING) return this;
    return close(
        d.status().isSuccess() ? "graceful close" : "disconnect failed with " + d.status());
  }

  // ---- close ---------------------------------------------------------------------------------

  private Behavior<Object> close(String why) {
    if (LOG.isDebugEnabled()) {
      getContext()
          .getLog()
          .debug(
              "Connection from {} ended ({}) after echoing {} bytes",
              SocketAddresses.format(remote),
              why,
              bytesEchoed);
    }
    phase = Phase.CLOSING;
    socket.tell(new CloseSocket(self.narrow()));
    return this;
  }

  private Behavior<Object> socketGone() {
    if (LOG.isDebugEnabled()) {
      getContext()
          .getLog()
          .debug(
              "Socket of connection from {} stopped after echoing {} bytes",
              SocketAddresses.format(remote),
              bytesEchoed);
    }
    return Behaviors.stopped();
  }
}
