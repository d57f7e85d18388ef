package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.CreateConnectionSocket;
import org.wskactors.protocol.CreateListenSocket;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SocketConnect;
import org.wskactors.protocol.SocketConnectCompleted;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.WskProvider;
import org.wskactors.protocol.WskStatus;

/**
 * Shared steps of the runtime tests: register, create, bind, connect, accept, with probes. Public
 * for the tests in sub-packages (reliability).
 */
public final class WskFixture {
  static final InetSocketAddress LOOPBACK_ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  final ActorTestKit testKit;

  /** The provider of the client this fixture registered. */
  public final ActorRef<WskProvider.Command> provider;

  /**
   * Registers a client.
   *
   * @param testKit the test kit whose system to use
   * @param clientName the client's name
   */
  public WskFixture(ActorTestKit testKit, String clientName) {
    this.testKit = testKit;
    TestProbe<Registered> reg = testKit.createTestProbe();
    Wsk.get(testKit.system()).subsystem().tell(new Register(clientName, null, reg.ref()));
    Registered r = reg.expectMessageClass(Registered.class, TIMEOUT);
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    this.provider = r.provider();
  }

  /**
   * Creates a socket with the provider request {@code request} builds and expects success.
   *
   * @param request builds the create request for a reply target
   * @param <C> the socket's dispatch table
   * @return the new socket
   */
  public <C> ActorRef<C> create(
      java.util.function.Function<ActorRef<SocketCreated<C>>, WskProvider.Command> request) {
    TestProbe<SocketCreated<C>> p = testKit.createTestProbe();
    provider.tell(request.apply(p.ref()));
    SocketCreated<C> c = p.receiveMessage(TIMEOUT);
    assertEquals(WskStatus.STATUS_SUCCESS, c.status());
    return c.socket();
  }

  ActorRef<ListenSocket.Command> listener(AddressFamily family, ActorRef<ListenSocket.Event> h) {
    return create(r -> new CreateListenSocket(family, h, r));
  }

  ActorRef<ConnectionSocket.Command> connection(
      AddressFamily family, ActorRef<ConnectionSocket.Event> h) {
    return create(r -> new CreateConnectionSocket(family, h, r));
  }

  /**
   * A listener bound to loopback port 0; returns it and its real address.
   *
   * @param h the listener's event handler
   * @return the listener and its bound address
   */
  public Bound boundListener(ActorRef<ListenSocket.Event> h) {
    ActorRef<ListenSocket.Command> l = listener(AddressFamily.INET, h);
    TestProbe<BindCompleted> p = testKit.createTestProbe();
    l.tell(new Bind(LOOPBACK_ANY_PORT, p.ref()));
    BindCompleted b = p.receiveMessage(TIMEOUT);
    assertEquals(WskStatus.STATUS_SUCCESS, b.status());
    return new Bound(l, b.localAddress());
  }

  /**
   * A bound listening socket.
   *
   * @param socket the listener
   * @param address its bound address
   */
  public record Bound(ActorRef<ListenSocket.Command> socket, InetSocketAddress address) {}

  /**
   * Connects a client socket to {@code listener} and accepts the server side with a queued Accept.
   *
   * @param listener the bound listener
   * @param clientHandler the client socket's handler
   * @param serverHandler the accepted socket's handler
   * @return both ends
   */
  public Pair connectedPair(
      Bound listener,
      ActorRef<ConnectionSocket.Event> clientHandler,
      ActorRef<ConnectionSocket.Event> serverHandler) {
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    listener.socket().tell(new Accept(serverHandler, acc.ref()));
    TestProbe<SocketConnectCompleted> con = testKit.createTestProbe();
    provider.tell(
        new SocketConnect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            listener.address(),
            clientHandler,
            null,
            con.ref()));
    SocketConnectCompleted c = con.receiveMessage(TIMEOUT);
    assertEquals(WskStatus.STATUS_SUCCESS, c.status());
    AcceptCompleted a = acc.receiveMessage(TIMEOUT);
    assertEquals(WskStatus.STATUS_SUCCESS, a.status());
    assertEquals(c.localAddress(), a.remoteAddress());
    return new Pair(c.socket(), a.socket());
  }

  /**
   * Both ends of a loopback connection.
   *
   * @param client the connecting socket
   * @param server the accepted socket
   */
  public record Pair(
      ActorRef<ConnectionSocket.Command> client, ActorRef<ConnectionSocket.Command> server) {}

  /** A new datagram socket of {@code family} with handler {@code h}. */
  ActorRef<org.wskactors.protocol.DatagramSocket.Command> datagram(
      AddressFamily family, ActorRef<org.wskactors.protocol.DatagramSocket.Event> h) {
    return create(r -> new org.wskactors.protocol.CreateDatagramSocket(family, h, r));
  }

  /** Binds a datagram socket to {@code local}, expects success, returns the real bound address. */
  InetSocketAddress bindDatagram(
      ActorRef<org.wskactors.protocol.DatagramSocket.Command> socket, InetSocketAddress local) {
    TestProbe<BindCompleted> p = testKit.createTestProbe();
    socket.tell(new Bind(local, p.ref()));
    BindCompleted b = p.receiveMessage(TIMEOUT);
    assertEquals(WskStatus.STATUS_SUCCESS, b.status());
    return b.localAddress();
  }
}
