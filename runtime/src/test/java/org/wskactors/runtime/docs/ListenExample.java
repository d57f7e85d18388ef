package org.wskactors.runtime.docs;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.wskactors.protocol.AbortEvent;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.CreateListenSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.InspectAction;
import org.wskactors.protocol.InspectEvent;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.Wsk;

/**
 * The guide's listening-socket example, run by {@code ListenExampleTest}: a dual-stack greeting
 * server that admits only listed peer addresses (conditional accept) and takes connections with
 * queued {@link Accept} requests.
 */
// #listen
public final class ListenExample {

  /** The actor's messages: replies and events, each wrapped by its adapter. */
  public sealed interface Msg {}

  private record Reg(Registered r) implements Msg {}

  private record Created(SocketCreated<ListenSocket.Command> r) implements Msg {}

  private record OptionDone(OptionSet r) implements Msg {}

  private record Bound(BindCompleted r) implements Msg {}

  private record ListenEvent(ListenSocket.Event e) implements Msg {}

  private record Accepted(AcceptCompleted r) implements Msg {}

  private record ConnEvent(ConnectionSocket.Event e) implements Msg {}

  /**
   * A greeting server on {@code [::]:port}.
   *
   * @param port the port, 0 for any free port
   * @param allowed the peer addresses admitted; every other peer is reset
   * @param bound receives one {@link BindCompleted}: the bound address, or the first failure
   */
  public static Behavior<Msg> create(
      int port, Set<InetAddress> allowed, ActorRef<BindCompleted> bound) {
    return Behaviors.setup(ctx -> new ListenExample(ctx, port, allowed, bound).register());
  }

  private final ActorContext<Msg> ctx;
  private final int port;
  private final Set<InetAddress> allowed;
  private final ActorRef<BindCompleted> bound;
  private final ActorRef<ListenSocket.Event> listenEvents;
  private final ActorRef<ConnectionSocket.Event> connEvents;
  private final ActorRef<AcceptCompleted> accepted;
  private final ActorRef<Object> ignore;
  private ActorRef<ListenSocket.Command> listener;

  private ListenExample(
      ActorContext<Msg> ctx, int port, Set<InetAddress> allowed, ActorRef<BindCompleted> bound) {
    this.ctx = ctx;
    this.port = port;
    this.allowed = Set.copyOf(allowed);
    this.bound = bound;
    this.listenEvents = ctx.messageAdapter(ListenSocket.Event.class, ListenEvent::new);
    this.connEvents = ctx.messageAdapter(ConnectionSocket.Event.class, ConnEvent::new);
    this.accepted = ctx.messageAdapter(AcceptCompleted.class, Accepted::new);
    this.ignore = ctx.getSystem().ignoreRef();
  }

  @SuppressWarnings("unchecked") // the class literal of a generic reply needs a cast
  private Behavior<Msg> register() {
    ActorRef<SocketCreated<ListenSocket.Command>> created =
        ctx.messageAdapter(
            (Class<SocketCreated<ListenSocket.Command>>) (Class<?>) SocketCreated.class,
            Created::new);
    Wsk.get(ctx.getSystem())
        .subsystem()
        .tell(
            new Register(
                "listen-example", ctx.getSelf(), ctx.messageAdapter(Registered.class, Reg::new)));
    return Behaviors.receive(Msg.class)
        .onMessage(
            Reg.class,
            m -> {
              if (!m.r().status().isSuccess()) return fail(m.r().status());
              m.r()
                  .provider()
                  .tell(new CreateListenSocket(AddressFamily.INET6, listenEvents, created));
              return Behaviors.same();
            })
        .onMessage(Created.class, this::onCreated)
        .build();
  }

  private Behavior<Msg> onCreated(Created m) {
    if (!m.r().status().isSuccess()) return fail(m.r().status());
    listener = m.r().socket();
    // Options that shape the bind go before it. A socket handles requests in the order sent,
    // so the Bind can follow without waiting; its reply comes after both OptionSet replies.
    ActorRef<OptionSet> optionDone = ctx.messageAdapter(OptionSet.class, OptionDone::new);
    listener.tell(new SetOption<>(SocketOption.IPV6_V6ONLY, false, optionDone)); // dual stack
    listener.tell(new SetOption<>(SocketOption.SO_CONDITIONAL_ACCEPT, true, optionDone));
    listener.tell(
        new Bind(
            new InetSocketAddress("::", port),
            ctx.messageAdapter(BindCompleted.class, Bound::new)));
    return Behaviors.receive(Msg.class)
        .onMessage(
            OptionDone.class,
            o -> o.r().status().isSuccess() ? Behaviors.same() : fail(o.r().status()))
        .onMessage(Bound.class, this::onBound)
        .build();
  }

  private Behavior<Msg> onBound(Bound m) {
    if (!m.r().status().isSuccess()) return fail(m.r().status());
    bound.tell(m.r()); // with the real port when bound to port 0
    listener.tell(new Accept(connEvents, accepted)); // one Accept queued at a time
    return Behaviors.receive(Msg.class)
        .onMessage(ListenEvent.class, this::onListenEvent)
        .onMessage(Accepted.class, this::onAccepted)
        .onMessage(ConnEvent.class, this::onConnEvent)
        .build();
  }

  private Behavior<Msg> onListenEvent(ListenEvent m) {
    if (m.e() instanceof InspectEvent i) { // WskInspectEvent: the reply is the decision
      boolean ok = allowed.contains(i.remoteAddress().getAddress());
      i.replyTo().tell(ok ? InspectAction.ACCEPT : InspectAction.REJECT);
    } else if (m.e() instanceof AbortEvent a) { // an admitted peer reset before it was accepted
      ctx.getLog().debug("Connection {} went away before it was accepted", a.inspectId());
    } else if (m.e() instanceof SocketFailedEvent f) {
      ctx.getLog().error("Listener failed: {}", f.status());
      return Behaviors.stopped();
    }
    return Behaviors.same();
  }

  private Behavior<Msg> onAccepted(Accepted m) {
    AcceptCompleted a = m.r();
    if (!a.status().isSuccess()) return Behaviors.stopped(); // STATUS_CANCELLED: listener closed
    ActorRef<ConnectionSocket.Command> socket = a.socket();
    // Accepted sockets start with every event off; this one only needs to hear the peer's FIN.
    socket.tell(
        new SetOption<>(
            SocketOption.SO_WSK_EVENT_CALLBACK,
            EventCallbackControl.enable(WskEvent.DISCONNECT),
            ignore.narrow()));
    String greeting = "hello " + a.remoteAddress().getAddress().getHostAddress() + "\r\n";
    socket.tell(new Send(ByteString.fromString(greeting), WskFlags.NONE, ignore.narrow()));
    socket.tell(new Disconnect(null, WskFlags.NONE, ignore.narrow())); // FIN after the greeting
    listener.tell(new Accept(connEvents, accepted)); // ready for the next connection
    return Behaviors.same();
  }

  private Behavior<Msg> onConnEvent(ConnEvent m) {
    if (m.e() instanceof DisconnectEvent d) {
      // Both sides have sent FIN: closing now is graceful (before that, close resets).
      d.socket().tell(new CloseSocket(ignore.narrow()));
    }
    return Behaviors.same();
  }

  private Behavior<Msg> fail(WskStatus status) {
    bound.tell(new BindCompleted(status, null));
    return Behaviors.stopped(); // deregisters the client: the listener and its sockets close
  }
}
// #listen
