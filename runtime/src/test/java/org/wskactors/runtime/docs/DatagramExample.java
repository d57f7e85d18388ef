package org.wskactors.runtime.docs;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CreateDatagramSocket;
import org.wskactors.protocol.DatagramIndication;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.ReceiveFrom;
import org.wskactors.protocol.ReceiveFromCompleted;
import org.wskactors.protocol.ReceiveFromEvent;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.SendToCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.Wsk;

/**
 * The guide's datagram-socket example, run by {@code DatagramExampleTest}: a UDP service that
 * answers every datagram with its text in upper case (receive-from events), and a one-shot query
 * that asks it through a socket with a fixed remote address (posted {@link ReceiveFrom}).
 */
// #datagram
public final class DatagramExample {
  private DatagramExample() {}

  /** The messages of both actors: replies and events, each wrapped by its adapter. */
  public sealed interface Msg {}

  private record Reg(Registered r) implements Msg {}

  private record Created(SocketCreated<DatagramSocket.Command> r) implements Msg {}

  private record Bound(BindCompleted r, ActorRef<DatagramSocket.Command> socket) implements Msg {}

  private record Enabled(OptionSet r) implements Msg {}

  private record Event(DatagramSocket.Event e) implements Msg {}

  private record RemoteSet(IoctlCompleted<Void> r) implements Msg {}

  private record Sent(SendToCompleted r) implements Msg {}

  private record Received(ReceiveFromCompleted r) implements Msg {}

  /**
   * The result of a query.
   *
   * @param status success, or the first failure (STATUS_IO_TIMEOUT without an answer)
   * @param text the answer; null on failure
   * @param from who answered; null on failure
   */
  public record Answer(WskStatus status, String text, InetSocketAddress from) {}

  /**
   * The upper-case service: bind, enable the receive-from event, answer each datagram.
   *
   * @param local the local address (port 0 for any)
   * @param bound receives one {@link BindCompleted}: the bound address, or the first failure
   */
  public static Behavior<Msg> service(InetSocketAddress local, ActorRef<BindCompleted> bound) {
    return bindThen(
        "datagram-service",
        local,
        failure -> {
          bound.tell(new BindCompleted(failure, null));
          return Behaviors.stopped();
        },
        (socket, b) ->
            Behaviors.setup(
                ctx -> {
                  // Events are off until enabled; on a datagram socket, after the bind.
                  socket.tell(
                      new SetOption<>(
                          SocketOption.SO_WSK_EVENT_CALLBACK,
                          EventCallbackControl.enable(WskEvent.RECEIVE_FROM),
                          ctx.messageAdapter(OptionSet.class, Enabled::new)));
                  bound.tell(b);
                  ActorRef<SendToCompleted> ignore = ctx.getSystem().ignoreRef();
                  return Behaviors.receive(Msg.class)
                      .onMessage(
                          Enabled.class,
                          m -> m.r().status().isSuccess() ? Behaviors.same() : Behaviors.stopped())
                      .onMessage(
                          Event.class,
                          m -> {
                            if (m.e() instanceof ReceiveFromEvent e) { // WskReceiveFromEvent
                              for (DatagramIndication d : e.datagrams()) {
                                String upper = d.data().utf8String().toUpperCase(Locale.ROOT);
                                socket.tell(
                                    new SendTo(
                                        ByteString.fromString(upper),
                                        d.remoteAddress(),
                                        WskFlags.NONE,
                                        ignore));
                              }
                              // Taken: the bytes leave the receive window, the next event may come.
                              e.replyTo().tell(ReceiveEventResponse.consumed());
                              return Behaviors.same();
                            }
                            return Behaviors.stopped(); // SocketFailedEvent
                          })
                      .build();
                }));
  }

  /**
   * A one-shot query: bind, fix the remote address, send, post one {@link ReceiveFrom}.
   *
   * @param service the service's address
   * @param text the question
   * @param replyTo receives one {@link Answer}
   */
  public static Behavior<Msg> query(
      InetSocketAddress service, String text, ActorRef<Answer> replyTo) {
    return bindThen(
        "datagram-query",
        new InetSocketAddress(service.getAddress(), 0),
        failure -> answer(replyTo, failure, null),
        (socket, b) ->
            Behaviors.setup(
                ctx -> {
                  @SuppressWarnings("unchecked") // class literals of generic replies need a cast
                  Class<IoctlCompleted<Void>> ioctlCompleted =
                      (Class<IoctlCompleted<Void>>) (Class<?>) IoctlCompleted.class;
                  // SIO_WSK_SET_REMOTE_ADDRESS: the default destination, and from now on only
                  // datagrams from that address are received.
                  socket.tell(
                      new Ioctl<>(
                          IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS,
                          service,
                          ctx.messageAdapter(ioctlCompleted, RemoteSet::new)));
                  return Behaviors.receive(Msg.class)
                      .onMessage(
                          RemoteSet.class,
                          m -> {
                            if (!m.r().status().isSuccess()) {
                              return answer(replyTo, m.r().status(), null);
                            }
                            socket.tell(
                                new SendTo(
                                    ByteString.fromString(text),
                                    null, // to the default destination
                                    WskFlags.NONE,
                                    ctx.messageAdapter(SendToCompleted.class, Sent::new)));
                            socket.tell(
                                new ReceiveFrom(
                                    SendTo.MAX_IPV4_DATAGRAM,
                                    WskFlags.NONE,
                                    Duration.ofSeconds(5),
                                    ctx.messageAdapter(ReceiveFromCompleted.class, Received::new)));
                            return Behaviors.same();
                          })
                      .onMessage(
                          Sent.class,
                          m ->
                              m.r().status().isSuccess()
                                  ? Behaviors.same()
                                  : answer(replyTo, m.r().status(), null))
                      .onMessage(Received.class, m -> answer(replyTo, m.r().status(), m.r()))
                      .build();
                }));
  }

  private static Behavior<Msg> answer(
      ActorRef<Answer> replyTo, WskStatus status, ReceiveFromCompleted r) {
    boolean ok = status.isSuccess();
    replyTo.tell(
        new Answer(status, ok ? r.data().utf8String() : null, ok ? r.remoteAddress() : null));
    return Behaviors.stopped(); // the owner stops: its client deregisters, its socket closes
  }

  /** Registers a client, creates a datagram socket and binds it; then continues with onBound. */
  private static Behavior<Msg> bindThen(
      String clientName,
      InetSocketAddress local,
      Function<WskStatus, Behavior<Msg>> onFailure,
      BiFunction<ActorRef<DatagramSocket.Command>, BindCompleted, Behavior<Msg>> onBound) {
    return Behaviors.setup(
        ctx -> {
          @SuppressWarnings("unchecked") // class literals of generic replies need a cast
          Class<SocketCreated<DatagramSocket.Command>> socketCreated =
              (Class<SocketCreated<DatagramSocket.Command>>) (Class<?>) SocketCreated.class;
          Wsk.get(ctx.getSystem())
              .subsystem()
              .tell(
                  new Register(
                      clientName, ctx.getSelf(), ctx.messageAdapter(Registered.class, Reg::new)));
          return Behaviors.receive(Msg.class)
              .onMessage(
                  Reg.class,
                  m -> {
                    if (!m.r().status().isSuccess()) return onFailure.apply(m.r().status());
                    m.r()
                        .provider()
                        .tell(
                            new CreateDatagramSocket(
                                AddressFamily.of(local),
                                ctx.messageAdapter(DatagramSocket.Event.class, Event::new),
                                ctx.messageAdapter(socketCreated, Created::new)));
                    return Behaviors.same();
                  })
              .onMessage(
                  Created.class,
                  m -> {
                    if (!m.r().status().isSuccess()) return onFailure.apply(m.r().status());
                    ActorRef<DatagramSocket.Command> socket = m.r().socket();
                    socket.tell(
                        new Bind(
                            local,
                            ctx.messageAdapter(BindCompleted.class, r -> new Bound(r, socket))));
                    return Behaviors.same();
                  })
              .onMessage(
                  Bound.class,
                  m ->
                      m.r().status().isSuccess()
                          ? onBound.apply(m.socket(), m.r())
                          : onFailure.apply(m.r().status()))
              .build();
        });
  }
}
// #datagram
