package org.wskactors.runtime.docs;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectCompleted;
import org.wskactors.protocol.ConnectEx;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.CreateConnectionSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.Wsk;

/**
 * The guide's connection-socket example, run by {@code ConnectionExampleTest}: a client that
 * connects, sends its request with the connect ({@link ConnectEx}), reads the response with posted
 * {@link Receive}s until the server closes, then disconnects and closes.
 */
// #connection
public final class ConnectionExample {

  /**
   * The outcome, sent once to the caller.
   *
   * @param status success, or the first failure
   * @param response every byte the server sent before it closed
   */
  public record Response(WskStatus status, ByteString response) {}

  /** The actor's messages: replies, each wrapped by its adapter. */
  public sealed interface Msg {}

  private record Reg(Registered r) implements Msg {}

  private record Created(SocketCreated<ConnectionSocket.Command> r) implements Msg {}

  private record Bound(BindCompleted r) implements Msg {}

  private record Connected(ConnectCompleted r) implements Msg {}

  private record Received(ReceiveCompleted r) implements Msg {}

  private record Disconnected(DisconnectCompleted r) implements Msg {}

  private record Closed(CloseCompleted r) implements Msg {}

  private record Event(ConnectionSocket.Event e) implements Msg {}

  /**
   * Sends {@code request} to {@code server} and collects the response.
   *
   * @param server the server's resolved address
   * @param request the request, sent with the connect (at most 65,535 bytes)
   * @param replyTo receives one {@link Response}
   */
  public static Behavior<Msg> create(
      InetSocketAddress server, ByteString request, ActorRef<Response> replyTo) {
    return Behaviors.setup(ctx -> new ConnectionExample(ctx, server, request, replyTo).register());
  }

  private static final int CHUNK = 64 * 1024;

  private final ActorContext<Msg> ctx;
  private final InetSocketAddress server;
  private final ByteString request;
  private final ActorRef<Response> replyTo;
  private final ActorRef<ReceiveCompleted> received;
  private ActorRef<ConnectionSocket.Command> socket;
  private ByteString response = ByteString.emptyByteString();

  private ConnectionExample(
      ActorContext<Msg> ctx,
      InetSocketAddress server,
      ByteString request,
      ActorRef<Response> replyTo) {
    this.ctx = ctx;
    this.server = server;
    this.request = request;
    this.replyTo = replyTo;
    this.received = ctx.messageAdapter(ReceiveCompleted.class, Received::new);
  }

  @SuppressWarnings("unchecked") // the class literal of a generic reply needs a cast
  private Behavior<Msg> register() {
    ActorRef<SocketCreated<ConnectionSocket.Command>> created =
        ctx.messageAdapter(
            (Class<SocketCreated<ConnectionSocket.Command>>) (Class<?>) SocketCreated.class,
            Created::new);
    // No events are enabled on this socket; its handler would only hear of a socket failure.
    ActorRef<ConnectionSocket.Event> events =
        ctx.messageAdapter(ConnectionSocket.Event.class, Event::new);
    Wsk.get(ctx.getSystem())
        .subsystem()
        .tell(
            new Register(
                "connection-example",
                ctx.getSelf(),
                ctx.messageAdapter(Registered.class, Reg::new)));
    return Behaviors.receive(Msg.class)
        .onMessage(
            Reg.class,
            m -> {
              if (!m.r().status().isSuccess()) return done(m.r().status());
              AddressFamily family = AddressFamily.of(server);
              m.r().provider().tell(new CreateConnectionSocket(family, events, created));
              return Behaviors.same();
            })
        .onMessage(Created.class, this::onCreated)
        .build();
  }

  private Behavior<Msg> onCreated(Created m) {
    if (!m.r().status().isSuccess()) return done(m.r().status());
    socket = m.r().socket();
    // WSK connects only a bound socket: the wildcard address and port 0 let the system choose.
    String any = AddressFamily.of(server) == AddressFamily.INET ? "0.0.0.0" : "::";
    socket.tell(
        new Bind(
            new InetSocketAddress(any, 0), ctx.messageAdapter(BindCompleted.class, Bound::new)));
    return Behaviors.receive(Msg.class).onMessage(Bound.class, this::onBound).build();
  }

  private Behavior<Msg> onBound(Bound m) {
    if (!m.r().status().isSuccess()) return done(m.r().status());
    socket.tell(
        new ConnectEx(
            server,
            request, // sent once connected, before any later Send
            WskFlags.NONE,
            Duration.ofSeconds(5),
            ctx.messageAdapter(ConnectCompleted.class, Connected::new)));
    return Behaviors.receive(Msg.class).onMessage(Connected.class, this::onConnected).build();
  }

  private Behavior<Msg> onConnected(Connected m) {
    // STATUS_CONNECTION_REFUSED, STATUS_IO_TIMEOUT, ...: a failed socket can only be closed.
    if (!m.r().status().isSuccess()) return done(m.r().status());
    socket.tell(new Receive(CHUNK, received));
    return Behaviors.receive(Msg.class).onMessage(Received.class, this::onReceived).build();
  }

  private Behavior<Msg> onReceived(Received m) {
    ReceiveCompleted r = m.r();
    if (!r.status().isSuccess()) return done(r.status()); // e.g. STATUS_CONNECTION_RESET
    if (!r.data().isEmpty()) {
      response = response.concat(r.data());
      socket.tell(new Receive(CHUNK, received)); // one receive posted at a time
      return Behaviors.same();
    }
    // Success with 0 bytes: the server closed its side. Send our FIN, then close.
    socket.tell(
        new Disconnect(
            null, WskFlags.NONE, ctx.messageAdapter(DisconnectCompleted.class, Disconnected::new)));
    return Behaviors.receive(Msg.class)
        .onMessage(
            Disconnected.class,
            d -> {
              socket.tell(new CloseSocket(ctx.messageAdapter(CloseCompleted.class, Closed::new)));
              return Behaviors.same();
            })
        .onMessage(Closed.class, c -> done(WskStatus.STATUS_SUCCESS))
        .build();
  }

  private Behavior<Msg> done(WskStatus status) {
    replyTo.tell(new Response(status, response));
    return Behaviors.stopped(); // deregisters the client: a socket still open is closed
  }
}
// #connection
