package org.wskactors.benchmarks.servers;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.CreateListenSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.runtime.Wsk;
import org.wskactors.runtime.WskSettings;

/**
 * This project's echo server in the posted-receive style, with no events enabled at all: the
 * listener keeps {@value #PENDING_ACCEPTS} queued {@link Accept}s, each posted by a fresh
 * connection actor; once accepted, the actor loops {@link Receive}({@value #RECEIVE_SIZE}) → {@link
 * Send} → {@link Receive}. The next receive is posted at once while fewer than {@value
 * #SEND_HIGH_WATERMARK} bytes of sends are outstanding, otherwise when sends complete, so a slow
 * reader pushes back through TCP. A receive of zero bytes (graceful close by the peer) is answered
 * with a graceful {@link Disconnect} after the outstanding sends, then {@link CloseSocket}. The
 * connection actors run on {@code wsk-actors.socket-dispatcher}, next to their sockets.
 *
 * <p>Usage: {@code WskPostedEchoServer [host] [port]}; prints {@code PORT n} when listening.
 */
public final class WskPostedEchoServer {
  private WskPostedEchoServer() {}

  /** Accepts kept queued at the listening socket. */
  static final int PENDING_ACCEPTS = 16;

  /** The size of each posted receive. */
  static final int RECEIVE_SIZE = 64 * 1024;

  /** Outstanding send bytes above which no further receive is posted until sends complete. */
  static final int SEND_HIGH_WATERMARK = 256 * 1024;

  /**
   * Runs the server until the process is killed.
   *
   * @param args {@code [host] [port]}
   */
  public static void main(String[] args) {
    ServerSupport.quietLogging();
    ActorSystem.create(listener(ServerSupport.bindAddress(args)), "bench-wsk-posted");
  }

  // ---- listener ------------------------------------------------------------------------------

  private sealed interface LMsg {}

  private record LRegistered(Registered r) implements LMsg {}

  private record LCreated(SocketCreated<ListenSocket.Command> c) implements LMsg {}

  private record LBound(BindCompleted b) implements LMsg {}

  private record LEvent(ListenSocket.Event e) implements LMsg {}

  /** A connection actor to the listener: its accept completed, post another. */
  private record LAccepted(boolean success) implements LMsg {}

  private static Behavior<LMsg> listener(InetSocketAddress address) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<LAccepted> accepted = ctx.messageAdapter(LAccepted.class, a -> a);
          @SuppressWarnings("unchecked")
          ActorRef<SocketCreated<ListenSocket.Command>> created =
              ctx.messageAdapter(
                  (Class<SocketCreated<ListenSocket.Command>>) (Class<?>) SocketCreated.class,
                  LCreated::new);
          Wsk.get(ctx.getSystem())
              .subsystem()
              .tell(
                  new Register(
                      "bench-posted-echo",
                      ctx.getSelf(),
                      ctx.messageAdapter(Registered.class, LRegistered::new)));
          ActorRef<ListenSocket.Command>[] listen = newRefArray();
          long[] spawned = {0};
          // The connection actors never block: they run next to their sockets, as the echo
          // sample's handlers do.
          Props nextToTheSockets =
              DispatcherSelector.fromConfig(WskSettings.create(ctx.getSystem()).socketDispatcher());
          return Behaviors.receive(LMsg.class)
              .onMessage(
                  LRegistered.class,
                  m -> {
                    if (!m.r().status().isSuccess())
                      ServerSupport.fail("register " + m.r().status());
                    m.r()
                        .provider()
                        .tell(
                            new CreateListenSocket(
                                AddressFamily.of(address),
                                ctx.messageAdapter(ListenSocket.Event.class, LEvent::new),
                                created));
                    return Behaviors.same();
                  })
              .onMessage(
                  LCreated.class,
                  m -> {
                    if (!m.c().status().isSuccess()) ServerSupport.fail("create " + m.c().status());
                    listen[0] = m.c().socket();
                    listen[0].tell(
                        new Bind(address, ctx.messageAdapter(BindCompleted.class, LBound::new)));
                    return Behaviors.same();
                  })
              .onMessage(
                  LBound.class,
                  m -> {
                    if (!m.b().status().isSuccess()) ServerSupport.fail("bind " + m.b().status());
                    for (int i = 0; i < PENDING_ACCEPTS; i++) {
                      ctx.spawn(
                          connection(listen[0], accepted), "c" + spawned[0]++, nextToTheSockets);
                    }
                    ServerSupport.announce(m.b().localAddress().getPort());
                    return Behaviors.same();
                  })
              .onMessage(
                  LAccepted.class,
                  m -> {
                    ctx.spawn(
                        connection(listen[0], accepted), "c" + spawned[0]++, nextToTheSockets);
                    return Behaviors.same();
                  })
              .onMessage(
                  LEvent.class,
                  m -> {
                    if (m.e() instanceof SocketFailedEvent f) {
                      ServerSupport.fail("listening socket " + f.status());
                    }
                    return Behaviors.same();
                  })
              .build();
        });
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<ListenSocket.Command>[] newRefArray() {
    return (ActorRef<ListenSocket.Command>[]) new ActorRef<?>[1];
  }

  // ---- connection ----------------------------------------------------------------------------

  private sealed interface CMsg {}

  private record CAccepted(AcceptCompleted a) implements CMsg {}

  private record CReceived(ReceiveCompleted r) implements CMsg {}

  private record CSent(SendCompleted s) implements CMsg {}

  private record CEvent(ConnectionSocket.Event e) implements CMsg {}

  private record CDisconnected(DisconnectCompleted d) implements CMsg {}

  private enum CDone implements CMsg {
    INSTANCE
  }

  private static Behavior<CMsg> connection(
      ActorRef<ListenSocket.Command> listener, ActorRef<LAccepted> parent) {
    return Behaviors.setup(
        ctx -> {
          listener.tell(
              new Accept(
                  ctx.messageAdapter(ConnectionSocket.Event.class, CEvent::new),
                  ctx.messageAdapter(AcceptCompleted.class, CAccepted::new)));
          return Behaviors.receive(CMsg.class)
              .onMessage(
                  CAccepted.class,
                  m -> {
                    parent.tell(new LAccepted(m.a().status().isSuccess()));
                    if (!m.a().status().isSuccess()) return Behaviors.stopped();
                    return new Connection(ctx, m.a().socket()).start();
                  })
              .onMessage(CEvent.class, m -> Behaviors.same())
              .build();
        });
  }

  /** The posted receive/send loop of one accepted connection. */
  private static final class Connection {
    private final ActorContext<CMsg> ctx;
    private final ActorRef<ConnectionSocket.Command> socket;
    private final ActorRef<ReceiveCompleted> received;
    private final ActorRef<SendCompleted> sent;
    private final ArrayDeque<Integer> sendSizes = new ArrayDeque<>();
    private long outstanding;
    private boolean receivePosted;
    private boolean peerClosed;

    Connection(ActorContext<CMsg> ctx, ActorRef<ConnectionSocket.Command> socket) {
      this.ctx = ctx;
      this.socket = socket;
      this.received = ctx.messageAdapter(ReceiveCompleted.class, CReceived::new);
      this.sent = ctx.messageAdapter(SendCompleted.class, CSent::new);
      ctx.watchWith(socket, CDone.INSTANCE);
    }

    Behavior<CMsg> start() {
      postReceive();
      return Behaviors.receive(CMsg.class)
          .onMessage(CReceived.class, this::onReceived)
          .onMessage(CSent.class, this::onSent)
          .onMessage(
              CEvent.class,
              m -> m.e() instanceof SocketFailedEvent ? Behaviors.stopped() : Behaviors.same())
          .onMessage(CDisconnected.class, m -> close())
          .onMessage(CDone.class, m -> Behaviors.stopped())
          .build();
    }

    private void postReceive() {
      receivePosted = true;
      socket.tell(new Receive(RECEIVE_SIZE, received));
    }

    private Behavior<CMsg> onReceived(CReceived m) {
      receivePosted = false;
      ReceiveCompleted r = m.r();
      if (!r.status().isSuccess()) return close();
      if (r.data().isEmpty()) {
        peerClosed = true;
        return sendSizes.isEmpty() ? disconnect() : Behaviors.same();
      }
      socket.tell(new Send(r.data(), WskFlags.NONE, sent));
      sendSizes.add(r.data().size());
      outstanding += r.data().size();
      if (outstanding < SEND_HIGH_WATERMARK) postReceive();
      return Behaviors.same();
    }

    private Behavior<CMsg> onSent(CSent m) {
      if (!m.s().status().isSuccess()) return close();
      outstanding -= sendSizes.poll();
      if (peerClosed) return sendSizes.isEmpty() ? disconnect() : Behaviors.same();
      if (!receivePosted && outstanding < SEND_HIGH_WATERMARK) postReceive();
      return Behaviors.same();
    }

    private Behavior<CMsg> disconnect() {
      socket.tell(
          new Disconnect(
              null,
              WskFlags.NONE,
              ctx.messageAdapter(DisconnectCompleted.class, CDisconnected::new)));
      return Behaviors.same();
    }

    private Behavior<CMsg> close() {
      socket.tell(new CloseSocket(ctx.getSystem().ignoreRef()));
      return Behaviors.same(); // stops when the socket actor stops (watchWith)
    }
  }
}
