package org.wskactors.runtime.docs;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.CreateStreamSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.Listen;
import org.wskactors.protocol.ListenCompleted;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.StreamSocket;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.Wsk;

/**
 * The guide's stream-socket example, run by {@code StreamExampleTest}: a stream socket that becomes
 * a listener ({@link Listen}), and an echo handler per accepted connection that keeps each received
 * indication until its echo was sent ({@link ReceiveEventResponse#retained()}, then {@link
 * Release}), so a peer that does not read is slowed down by TCP itself.
 */
// #stream
public final class StreamExample {
  private StreamExample() {}

  /** The listening actor's messages. */
  public sealed interface Msg {}

  private record Reg(Registered r) implements Msg {}

  private record Created(SocketCreated<StreamSocket.Command> r) implements Msg {}

  private record Bound(BindCompleted r) implements Msg {}

  private record Listening(ListenCompleted r) implements Msg {}

  private record Event(StreamSocket.Event e) implements Msg {}

  /**
   * An echo server on {@code [::]:port}, dual-stack.
   *
   * @param port the port, 0 for any free port
   * @param listening receives one {@link ListenCompleted}: the listening address, or a failure
   */
  public static Behavior<Msg> create(int port, ActorRef<ListenCompleted> listening) {
    return Behaviors.setup(
        ctx -> {
          @SuppressWarnings("unchecked") // class literals of generic replies need a cast
          Class<SocketCreated<StreamSocket.Command>> socketCreated =
              (Class<SocketCreated<StreamSocket.Command>>) (Class<?>) SocketCreated.class;
          ActorRef<Object> ignore = ctx.getSystem().ignoreRef();
          Wsk.get(ctx.getSystem())
              .subsystem()
              .tell(
                  new Register(
                      "stream-example",
                      ctx.getSelf(),
                      ctx.messageAdapter(Registered.class, Reg::new)));
          return Behaviors.receive(Msg.class)
              .onMessage(
                  Reg.class,
                  m -> {
                    if (!m.r().status().isSuccess()) return failed(listening, m.r().status());
                    m.r()
                        .provider()
                        .tell(
                            new CreateStreamSocket(
                                AddressFamily.INET6,
                                ctx.messageAdapter(StreamSocket.Event.class, Event::new),
                                ctx.messageAdapter(socketCreated, Created::new)));
                    return Behaviors.same();
                  })
              .onMessage(
                  Created.class,
                  m -> {
                    if (!m.r().status().isSuccess()) return failed(listening, m.r().status());
                    ActorRef<StreamSocket.Command> socket = m.r().socket();
                    socket.tell(new SetOption<>(SocketOption.IPV6_V6ONLY, false, ignore.narrow()));
                    socket.tell(
                        new Bind(
                            new InetSocketAddress("::", port),
                            ctx.messageAdapter(BindCompleted.class, Bound::new)));
                    // The role is not chosen yet: Listen makes it a listener, Connect a connection.
                    socket.tell(
                        new Listen(ctx.messageAdapter(ListenCompleted.class, Listening::new)));
                    return serving(ctx, socket, listening);
                  })
              .build();
        });
  }

  private static Behavior<Msg> serving(
      ActorContext<Msg> ctx,
      ActorRef<StreamSocket.Command> socket,
      ActorRef<ListenCompleted> listening) {
    return Behaviors.receive(Msg.class)
        .onMessage(
            Bound.class, // the address is kept; the kernel binds it at Listen
            m -> m.r().status().isSuccess() ? Behaviors.same() : failed(listening, m.r().status()))
        .onMessage(
            Listening.class,
            m -> {
              if (!m.r().status().isSuccess()) return failed(listening, m.r().status());
              socket.tell(
                  new SetOption<>(
                      SocketOption.SO_WSK_EVENT_CALLBACK,
                      EventCallbackControl.enable(WskEvent.ACCEPT),
                      ctx.getSystem().ignoreRef()));
              listening.tell(m.r()); // the real port when bound to port 0
              return Behaviors.same();
            })
        .onMessage(
            Event.class,
            m -> {
              if (m.e() instanceof AcceptEvent a) {
                ctx.spawnAnonymous(EchoConnection.create(a)); // it replies to the event
                return Behaviors.same();
              }
              return Behaviors.stopped(); // SocketFailedEvent: the listener is gone
            })
        .build();
  }

  private static Behavior<Msg> failed(ActorRef<ListenCompleted> listening, WskStatus status) {
    listening.tell(new ListenCompleted(status, null));
    return Behaviors.stopped(); // deregisters the client: the socket is closed
  }

  /** The handler of one accepted connection: echoes with retained indications. */
  static final class EchoConnection {
    sealed interface Msg {}

    private record Event(ConnectionSocket.Event e) implements Msg {}

    private record Sent(SendCompleted r) implements Msg {}

    private record Disconnected(DisconnectCompleted r) implements Msg {}

    static Behavior<Msg> create(AcceptEvent accepted) {
      return Behaviors.setup(ctx -> new EchoConnection(ctx, accepted).echoing());
    }

    private final ActorContext<Msg> ctx;
    private final ActorRef<ConnectionSocket.Command> socket;
    private final ActorRef<SendCompleted> sent;
    private final ArrayDeque<Long> unreleased = new ArrayDeque<>(); // sends complete in order
    private boolean peerClosed;

    private EchoConnection(ActorContext<Msg> ctx, AcceptEvent accepted) {
      this.ctx = ctx;
      this.socket = accepted.acceptSocket();
      this.sent = ctx.messageAdapter(SendCompleted.class, Sent::new);
      // WskAcceptEvent's reply: keep the connection, name its handler, enable its events.
      ActorRef<ConnectionSocket.Event> events =
          ctx.messageAdapter(ConnectionSocket.Event.class, Event::new);
      accepted
          .replyTo()
          .tell(AcceptEventResponse.accept(events, WskEvent.RECEIVE, WskEvent.DISCONNECT));
    }

    private Behavior<Msg> echoing() {
      return Behaviors.receive(Msg.class)
          .onMessage(Event.class, this::onEvent)
          .onMessage(Sent.class, this::onSent)
          .build();
    }

    private Behavior<Msg> onEvent(Event m) {
      if (m.e() instanceof ReceiveEvent r) {
        socket.tell(new Send(r.data(), WskFlags.NONE, sent));
        unreleased.add(r.indicationId());
        // Kept until the echo is sent: these bytes count against the receive window until
        // Release, so at most one window is in flight and a slow reader slows the writer.
        r.replyTo().tell(ReceiveEventResponse.retained());
        return Behaviors.same();
      }
      if (m.e() instanceof DisconnectEvent d && !d.abortive()) {
        peerClosed = true; // graceful FIN from the peer; it comes after its last ReceiveEvent
        return unreleased.isEmpty() ? disconnect() : Behaviors.same();
      }
      return close(); // reset by the peer, or SocketFailedEvent
    }

    private Behavior<Msg> onSent(Sent m) {
      if (!m.r().status().isSuccess()) return close();
      socket.tell(new Release(unreleased.poll())); // frees the window: the socket reads again
      return peerClosed && unreleased.isEmpty() ? disconnect() : Behaviors.same();
    }

    private Behavior<Msg> disconnect() {
      socket.tell(
          new Disconnect(
              null,
              WskFlags.NONE,
              ctx.messageAdapter(DisconnectCompleted.class, Disconnected::new)));
      return Behaviors.receive(Msg.class).onMessage(Disconnected.class, d -> close()).build();
    }

    private Behavior<Msg> close() {
      socket.tell(new CloseSocket(ctx.getSystem().ignoreRef()));
      return Behaviors.stopped();
    }
  }
}
// #stream
