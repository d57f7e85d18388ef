package org.wskactors.runtime.docs;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.CreateListenSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.runtime.Wsk;

/**
 * The guide's first example, compiled and run by {@code EchoExampleTest}: a listener and
 * connections.
 */
// #echo
public final class EchoExample {
  private EchoExample() {}

  /** Messages of the example actor: replies and events, adapted. */
  public sealed interface Msg {}

  record Reg(Registered r) implements Msg {}

  record Created(SocketCreated<ListenSocket.Command> c) implements Msg {}

  record Bound(BindCompleted b, ActorRef<ListenSocket.Command> l) implements Msg {}

  record Listen(ListenSocket.Event e) implements Msg {}

  record Conn(ConnectionSocket.Event e) implements Msg {}

  record Disconnected(ActorRef<ConnectionSocket.Command> socket) implements Msg {}

  /**
   * An echo server on {@code port} (0 for any) that reports its bound address to {@code bound}.
   *
   * @param port the port
   * @param bound receives the {@link BindCompleted}
   */
  public static Behavior<Msg> create(int port, ActorRef<BindCompleted> bound) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<ListenSocket.Event> listenEvents =
              ctx.messageAdapter(ListenSocket.Event.class, Listen::new);
          ActorRef<ConnectionSocket.Event> connEvents =
              ctx.messageAdapter(ConnectionSocket.Event.class, Conn::new);
          @SuppressWarnings("unchecked")
          ActorRef<SocketCreated<ListenSocket.Command>> created =
              ctx.messageAdapter(
                  (Class<SocketCreated<ListenSocket.Command>>) (Class<?>) SocketCreated.class,
                  Created::new);
          ActorRef<Object> ignore = ctx.getSystem().ignoreRef();
          Wsk.get(ctx.getSystem())
              .subsystem()
              .tell(
                  new Register(
                      "echo-example",
                      ctx.getSelf(),
                      ctx.messageAdapter(Registered.class, Reg::new)));
          return Behaviors.receive(Msg.class)
              .onMessage(
                  Reg.class,
                  m -> {
                    m.r()
                        .provider()
                        .tell(new CreateListenSocket(AddressFamily.INET6, listenEvents, created));
                    return Behaviors.same();
                  })
              .onMessage(
                  Created.class,
                  m -> {
                    ActorRef<ListenSocket.Command> l = m.c().socket();
                    // dual stack: IPv4 and IPv6 peers on one socket, as WSK's echosrv does
                    l.tell(new SetOption<>(SocketOption.IPV6_V6ONLY, false, ignore.narrow()));
                    l.tell(
                        new Bind(
                            new InetSocketAddress("::", port),
                            ctx.messageAdapter(BindCompleted.class, b -> new Bound(b, l))));
                    return Behaviors.same();
                  })
              .onMessage(
                  Bound.class,
                  m -> {
                    // Events can be enabled once the bind completed, as in WSK.
                    m.l()
                        .tell(
                            new SetOption<>(
                                SocketOption.SO_WSK_EVENT_CALLBACK,
                                EventCallbackControl.enable(WskEvent.ACCEPT),
                                ignore.narrow()));
                    bound.tell(m.b());
                    return Behaviors.same();
                  })
              // #echo-events
              .onMessage(
                  Listen.class,
                  m -> {
                    if (m.e() instanceof AcceptEvent a) { // WskAcceptEvent: the reply is its status
                      a.replyTo()
                          .tell(
                              AcceptEventResponse.accept(
                                  connEvents, WskEvent.RECEIVE, WskEvent.DISCONNECT));
                    }
                    return Behaviors.same();
                  })
              .onMessage(
                  Conn.class,
                  m -> {
                    if (m.e() instanceof ReceiveEvent r) { // WskReceiveEvent
                      r.socket().tell(new Send(r.data(), ignore.narrow()));
                      r.replyTo().tell(ReceiveEventResponse.consumed()); // frees the window
                    } else if (m.e() instanceof DisconnectEvent d) {
                      // peer sent FIN: ours goes out after the queued echoes; close after that
                      ctx.ask(
                          DisconnectCompleted.class,
                          d.socket(),
                          Duration.ofSeconds(30),
                          replyTo -> new Disconnect(null, 0, replyTo),
                          (done, failure) -> new Disconnected(d.socket()));
                    }
                    return Behaviors.same();
                  })
              // #echo-events
              .onMessage(
                  Disconnected.class,
                  m -> {
                    m.socket().tell(new CloseSocket(ignore.narrow()));
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
// #echo
