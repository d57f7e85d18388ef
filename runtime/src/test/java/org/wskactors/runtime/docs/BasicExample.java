package org.wskactors.runtime.docs;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.AddressInfoCompleted;
import org.wskactors.protocol.AddressInfoHints;
import org.wskactors.protocol.BasicSocket;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.CreateBasicSocket;
import org.wskactors.protocol.GetAddressInfo;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketType;
import org.wskactors.protocol.WskProvider;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.Wsk;

/**
 * The guide's basic-socket example, run by {@code BasicExampleTest}: resolve a host name through
 * the provider, then ask a basic socket for the local IPv4 addresses and for the one the system
 * would send from to reach that host.
 */
// #basic
public final class BasicExample {

  /**
   * The outcome, sent once to the caller.
   *
   * @param status success, or the first failure
   * @param localAddresses the IPv4 addresses of the interfaces that are up
   * @param routeFrom the local address the system routes from to reach the host
   */
  public record Report(WskStatus status, List<InetAddress> localAddresses, InetAddress routeFrom) {}

  /** The actor's messages: replies, each wrapped by its adapter. */
  public sealed interface Msg {}

  private record Reg(Registered r) implements Msg {}

  private record Resolved(AddressInfoCompleted r) implements Msg {}

  private record Created(SocketCreated<BasicSocket.Command> r) implements Msg {}

  private record IoctlDone(IoctlCompleted<?> r) implements Msg {}

  private record Closed(CloseCompleted r) implements Msg {}

  /**
   * Resolves {@code host} (IPv4) and reports the local addresses and the route to it.
   *
   * @param host a host name or address literal
   * @param replyTo receives one {@link Report}
   */
  public static Behavior<Msg> create(String host, ActorRef<Report> replyTo) {
    return Behaviors.setup(ctx -> new BasicExample(ctx, host, replyTo).register());
  }

  private final ActorContext<Msg> ctx;
  private final String host;
  private final ActorRef<Report> replyTo;
  private final ActorRef<SocketCreated<BasicSocket.Command>> created;
  // one adapter per reply class: both IOCTL replies come through this one
  private final ActorRef<IoctlCompleted<?>> ioctlDone;
  private ActorRef<WskProvider.Command> provider;
  private InetSocketAddress target;
  private ActorRef<BasicSocket.Command> socket;
  private List<InetAddress> localAddresses;

  @SuppressWarnings("unchecked") // class literals of generic replies need a cast
  private BasicExample(ActorContext<Msg> ctx, String host, ActorRef<Report> replyTo) {
    this.ctx = ctx;
    this.host = host;
    this.replyTo = replyTo;
    this.created =
        ctx.messageAdapter(
            (Class<SocketCreated<BasicSocket.Command>>) (Class<?>) SocketCreated.class,
            Created::new);
    this.ioctlDone =
        ctx.messageAdapter(
            (Class<IoctlCompleted<?>>) (Class<?>) IoctlCompleted.class, IoctlDone::new);
  }

  private Behavior<Msg> register() {
    // This actor owns the registration: when it stops, the client and its sockets are closed.
    Wsk.get(ctx.getSystem())
        .subsystem()
        .tell(
            new Register(
                "basic-example", ctx.getSelf(), ctx.messageAdapter(Registered.class, Reg::new)));
    return Behaviors.receive(Msg.class).onMessage(Reg.class, this::onRegistered).build();
  }

  private Behavior<Msg> onRegistered(Reg m) {
    if (!m.r().status().isSuccess()) return fail(m.r().status());
    provider = m.r().provider();
    provider.tell(
        new GetAddressInfo(
            host,
            null, // no service: port 0
            new AddressInfoHints(AddressFamily.INET, SocketType.STREAM),
            ctx.messageAdapter(AddressInfoCompleted.class, Resolved::new)));
    return Behaviors.receive(Msg.class).onMessage(Resolved.class, this::onResolved).build();
  }

  private Behavior<Msg> onResolved(Resolved m) {
    if (!m.r().status().isSuccess()) return fail(m.r().status()); // e.g. STATUS_NOT_FOUND
    target = m.r().results().get(0).address();
    provider.tell(new CreateBasicSocket(AddressFamily.INET, created));
    return Behaviors.receive(Msg.class).onMessage(Created.class, this::onCreated).build();
  }

  private Behavior<Msg> onCreated(Created m) {
    if (!m.r().status().isSuccess()) return fail(m.r().status());
    socket = m.r().socket();
    socket.tell(new Ioctl<>(IoctlCode.SIO_ADDRESS_LIST_QUERY, null, ioctlDone.narrow()));
    return Behaviors.receive(Msg.class).onMessage(IoctlDone.class, this::onAddressList).build();
  }

  @SuppressWarnings("unchecked") // SIO_ADDRESS_LIST_QUERY's output type is List<InetAddress>
  private Behavior<Msg> onAddressList(IoctlDone m) {
    if (!m.r().status().isSuccess()) return fail(m.r().status());
    localAddresses = (List<InetAddress>) m.r().output();
    socket.tell(new Ioctl<>(IoctlCode.SIO_ROUTING_INTERFACE_QUERY, target, ioctlDone.narrow()));
    return Behaviors.receive(Msg.class).onMessage(IoctlDone.class, this::onRoute).build();
  }

  private Behavior<Msg> onRoute(IoctlDone m) {
    if (!m.r().status().isSuccess()) return fail(m.r().status());
    InetAddress routeFrom = (InetAddress) m.r().output();
    socket.tell(new CloseSocket(ctx.messageAdapter(CloseCompleted.class, Closed::new)));
    return Behaviors.receive(Msg.class)
        .onMessage(
            Closed.class,
            c -> {
              replyTo.tell(new Report(WskStatus.STATUS_SUCCESS, localAddresses, routeFrom));
              return Behaviors.stopped(); // deregisters the client
            })
        .build();
  }

  private Behavior<Msg> fail(WskStatus status) {
    replyTo.tell(new Report(status, List.of(), null));
    return Behaviors.stopped(); // the client and any socket it has are closed
  }
}
// #basic
