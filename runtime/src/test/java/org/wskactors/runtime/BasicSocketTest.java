package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.BasicSocket;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.CreateBasicSocket;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.internal.BasicSocketActor;
import org.wskactors.runtime.internal.ClientActor;
import org.wskactors.runtime.internal.FaultInjection;

/**
 * Basic sockets: creation, the three address IOCTLs over the machine's real interfaces, options and
 * unknown IOCTLs, change detection over a stand-in address source, close, deregistration and
 * failure.
 */
@ExtendWith(LogCapturingExtension.class)
class BasicSocketTest {
  static final ActorTestKit testKit =
      ActorTestKit.create("BasicSocketTest", ConfigFactory.load("application-test"));
  static final Duration T = WskFixture.TIMEOUT;
  static final WskFixture f = new WskFixture(testKit, "basic-tests");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  static ActorRef<BasicSocket.Command> basic(WskFixture fixture, AddressFamily family) {
    TestProbe<SocketCreated<BasicSocket.Command>> p = testKit.createTestProbe();
    fixture.provider.tell(new CreateBasicSocket(family, p.ref()));
    SocketCreated<BasicSocket.Command> c = p.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, c.status());
    assertNotNull(c.socket());
    return c.socket();
  }

  static <I, O> IoctlCompleted<O> ioctl(
      ActorRef<BasicSocket.Command> socket, IoctlCode<I, O> code, I input) {
    TestProbe<IoctlCompleted<O>> p = testKit.createTestProbe();
    socket.tell(new Ioctl<>(code, input, p.ref()));
    IoctlCompleted<O> done = p.receiveMessage(T);
    assertEquals(code, done.code());
    return done;
  }

  static void close(ActorRef<BasicSocket.Command> socket) {
    TestProbe<CloseCompleted> p = testKit.createTestProbe();
    socket.tell(new CloseSocket(p.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, p.receiveMessage(T).status());
    p.expectTerminated(socket, T);
  }

  static boolean hasIpv6Loopback() throws SocketException {
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp()) continue;
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet6Address && a.isLoopbackAddress()) return true;
      }
    }
    return false;
  }

  @Test
  void basicSocketsOfBothFamiliesAreCreatedAndANullFamilyIsRefused() {
    close(basic(f, AddressFamily.INET));
    close(basic(f, AddressFamily.INET6));
    TestProbe<SocketCreated<BasicSocket.Command>> p = testKit.createTestProbe();
    f.provider.tell(new CreateBasicSocket(null, p.ref()));
    SocketCreated<BasicSocket.Command> c = p.receiveMessage(T);
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, c.status());
    assertNull(c.socket());
  }

  @Test
  void addressListQueryListsTheInterfaceAddressesOfTheSocketsFamily() throws Exception {
    ActorRef<BasicSocket.Command> v4 = basic(f, AddressFamily.INET);
    IoctlCompleted<List<InetAddress>> r4 = ioctl(v4, IoctlCode.SIO_ADDRESS_LIST_QUERY, null);
    assertEquals(WskStatus.STATUS_SUCCESS, r4.status());
    assertTrue(r4.output().contains(InetAddress.getByName("127.0.0.1")), r4.output().toString());
    assertTrue(
        r4.output().stream().allMatch(a -> a instanceof Inet4Address), r4.output().toString());
    close(v4);

    ActorRef<BasicSocket.Command> v6 = basic(f, AddressFamily.INET6);
    IoctlCompleted<List<InetAddress>> r6 = ioctl(v6, IoctlCode.SIO_ADDRESS_LIST_QUERY, null);
    assertEquals(WskStatus.STATUS_SUCCESS, r6.status());
    assertTrue(
        r6.output().stream().allMatch(a -> a instanceof Inet6Address), r6.output().toString());
    if (hasIpv6Loopback()) {
      assertTrue(r6.output().contains(InetAddress.getByName("::1")), r6.output().toString());
    }
    close(v6);
  }

  @Test
  void routingQueryToLoopbackAnswersALoopbackAddress() throws Exception {
    ActorRef<BasicSocket.Command> v4 = basic(f, AddressFamily.INET);
    IoctlCompleted<InetAddress> r =
        ioctl(v4, IoctlCode.SIO_ROUTING_INTERFACE_QUERY, new InetSocketAddress("127.0.0.1", 80));
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    assertTrue(
        r.output() instanceof Inet4Address && r.output().isLoopbackAddress(), "" + r.output());
    // Port 0 is fine too: routing does not depend on the port.
    r = ioctl(v4, IoctlCode.SIO_ROUTING_INTERFACE_QUERY, new InetSocketAddress("127.0.0.1", 0));
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    close(v4);

    Assumptions.assumeTrue(hasIpv6Loopback(), "no IPv6 loopback on this machine");
    ActorRef<BasicSocket.Command> v6 = basic(f, AddressFamily.INET6);
    r = ioctl(v6, IoctlCode.SIO_ROUTING_INTERFACE_QUERY, new InetSocketAddress("::1", 80));
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    assertTrue(
        r.output() instanceof Inet6Address && r.output().isLoopbackAddress(), "" + r.output());
    close(v6);
  }

  @Test
  void routingQueryRefusesNullUnresolvedAndOtherFamilyInput() {
    ActorRef<BasicSocket.Command> v4 = basic(f, AddressFamily.INET);
    IoctlCode<InetSocketAddress, InetAddress> q = IoctlCode.SIO_ROUTING_INTERFACE_QUERY;
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, ioctl(v4, q, null).status());
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        ioctl(v4, q, InetSocketAddress.createUnresolved("host.invalid", 80)).status());
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        ioctl(v4, q, new InetSocketAddress("::1", 80)).status());
    close(v4);
    ActorRef<BasicSocket.Command> v6 = basic(f, AddressFamily.INET6);
    assertEquals(
        WskStatus.STATUS_INVALID_PARAMETER,
        ioctl(v6, q, new InetSocketAddress("127.0.0.1", 80)).status());
    close(v6);
  }

  @Test
  void everyOptionAndEveryOtherIoctlIsNotSupported() {
    ActorRef<BasicSocket.Command> s = basic(f, AddressFamily.INET);
    TestProbe<OptionSet> set = testKit.createTestProbe();
    s.tell(new SetOption<>(SocketOption.SO_KEEPALIVE, true, set.ref()));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, set.receiveMessage(T).status());
    s.tell(new SetOption<>(SocketOption.SO_RCVBUF, 65536, set.ref()));
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, set.receiveMessage(T).status());
    TestProbe<OptionValue<Integer>> get = testKit.createTestProbe();
    s.tell(new GetOption<>(SocketOption.SO_RCVBUF, get.ref()));
    OptionValue<Integer> v = get.receiveMessage(T);
    assertEquals(WskStatus.STATUS_NOT_SUPPORTED, v.status());
    assertNull(v.value());

    assertEquals(
        WskStatus.STATUS_NOT_SUPPORTED,
        ioctl(s, IoctlCode.SIO_WSK_QUERY_RECEIVE_BACKLOG, null).status());
    assertEquals(
        WskStatus.STATUS_NOT_SUPPORTED,
        ioctl(s, IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS, new InetSocketAddress("127.0.0.1", 9))
            .status());
    assertEquals(
        WskStatus.STATUS_NOT_SUPPORTED,
        ioctl(s, IoctlCode.SIO_WSK_QUERY_INSPECT_ID, null).status());
    close(s);
  }

  @Test
  void addressListChangeStaysPendingAndCloseCancelsEveryPendingRequest() {
    ActorRef<BasicSocket.Command> s = basic(f, AddressFamily.INET);
    TestProbe<IoctlCompleted<Void>> a = testKit.createTestProbe();
    TestProbe<IoctlCompleted<Void>> b = testKit.createTestProbe();
    s.tell(Ioctl.query(IoctlCode.SIO_ADDRESS_LIST_CHANGE, a.ref()));
    s.tell(Ioctl.query(IoctlCode.SIO_ADDRESS_LIST_CHANGE, b.ref()));
    // The socket still answers other requests meanwhile.
    assertEquals(
        WskStatus.STATUS_SUCCESS, ioctl(s, IoctlCode.SIO_ADDRESS_LIST_QUERY, null).status());
    a.expectNoMessage(Duration.ofMillis(300));
    TestProbe<CloseCompleted> closed = testKit.createTestProbe();
    s.tell(new CloseSocket(closed.ref()));
    assertEquals(WskStatus.STATUS_CANCELLED, a.receiveMessage(T).status());
    assertEquals(WskStatus.STATUS_CANCELLED, b.receiveMessage(T).status());
    assertEquals(WskStatus.STATUS_SUCCESS, closed.receiveMessage(T).status());
    closed.expectTerminated(s, T);
  }

  @Test
  void addressListChangeCompletesWhenTheListChangesAndPollingStopsAfterwards() throws Exception {
    WskSettings fast =
        WskSettings.create(
            ConfigFactory.parseString("wsk-actors.basic.address-poll-interval = 100ms")
                .withFallback(testKit.system().settings().config()));
    InetAddress a1 = InetAddress.getByName("192.0.2.10");
    InetAddress a2 = InetAddress.getByName("192.0.2.11");
    AtomicReference<List<InetAddress>> current = new AtomicReference<>(List.of(a1, a2));
    TestProbe<List<InetAddress>> reads = testKit.createTestProbe();
    AtomicInteger readCount = new AtomicInteger();
    BasicSocketActor.AddressSource source =
        family -> {
          List<InetAddress> now = current.get();
          readCount.incrementAndGet();
          reads.ref().tell(now);
          return now;
        };
    ActorRef<BasicSocket.Command> s =
        testKit.<Object>spawn(BasicSocketActor.create(fast, AddressFamily.INET, source)).narrow();

    TestProbe<IoctlCompleted<Void>> change = testKit.createTestProbe();
    s.tell(Ioctl.query(IoctlCode.SIO_ADDRESS_LIST_CHANGE, change.ref()));
    reads.receiveMessage(T); // the baseline
    reads.receiveMessage(T); // a poll
    current.set(List.of(a2, a1)); // the same set in another order is no change
    reads.receiveMessage(T);
    reads.receiveMessage(T);
    change.expectNoMessage(Duration.ofMillis(50));

    current.set(List.of(a1)); // an address went away
    IoctlCompleted<Void> done = change.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, done.status());
    assertNull(done.output());
    // The read that found the change was the last: nothing pending, nothing polled.
    reads.receiveSeveralMessages(readCount.get() - 4, T);
    reads.expectNoMessage(Duration.ofMillis(400));

    // A new request compares with the list as it is now, and an added address completes it.
    s.tell(Ioctl.query(IoctlCode.SIO_ADDRESS_LIST_CHANGE, change.ref()));
    assertEquals(List.of(a1), reads.receiveMessage(T));
    current.set(List.of(a1, a2));
    assertEquals(WskStatus.STATUS_SUCCESS, change.receiveMessage(T).status());

    IoctlCompleted<List<InetAddress>> q = ioctl(s, IoctlCode.SIO_ADDRESS_LIST_QUERY, null);
    assertEquals(List.of(a1, a2), q.output());
    close(s);
  }

  @Test
  void deregistrationClosesBasicSocketsAndCancelsTheirPendingRequests() {
    WskFixture g = new WskFixture(testKit, "basic-dereg");
    ActorRef<BasicSocket.Command> s1 = basic(g, AddressFamily.INET);
    ActorRef<BasicSocket.Command> s2 = basic(g, AddressFamily.INET6);
    ActorRef<BasicSocket.Command> other = basic(f, AddressFamily.INET);
    TestProbe<IoctlCompleted<Void>> change = testKit.createTestProbe();
    s1.tell(Ioctl.query(IoctlCode.SIO_ADDRESS_LIST_CHANGE, change.ref()));
    TestProbe<Deregistered> dereg = testKit.createTestProbe();
    g.provider.tell(new Deregister(dereg.ref()));
    assertEquals(WskStatus.STATUS_CANCELLED, change.receiveMessage(T).status());
    Deregistered d = dereg.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, d.status());
    assertEquals(2, d.socketsClosed());
    dereg.expectTerminated(s1, T);
    dereg.expectTerminated(s2, T);
    dereg.expectTerminated(g.provider, T);
    // Another client's basic socket is untouched.
    assertEquals(
        WskStatus.STATUS_SUCCESS, ioctl(other, IoctlCode.SIO_ADDRESS_LIST_QUERY, null).status());
    close(other);
  }

  @Test
  void aFailedBasicSocketStopsAndItsPendingRequestsCompleteForcedClosed() {
    WskFixture g = new WskFixture(testKit, "basic-crash");
    ActorRef<BasicSocket.Command> s = basic(g, AddressFamily.INET);
    TestProbe<IoctlCompleted<Void>> change = testKit.createTestProbe();
    s.tell(Ioctl.query(IoctlCode.SIO_ADDRESS_LIST_CHANGE, change.ref()));
    s.<Object>unsafeUpcast().tell(FaultInjection.Crash.INSTANCE);
    assertEquals(WskStatus.STATUS_FILE_FORCED_CLOSED, change.receiveMessage(T).status());
    change.expectTerminated(s, T);
    TestProbe<Integer> count = testKit.createTestProbe();
    count.awaitAssert(
        T,
        () -> {
          g.provider.<Object>unsafeUpcast().tell(new ClientActor.GetSocketCount(count.ref()));
          assertEquals(0, count.receiveMessage(T));
          return null;
        });
    TestProbe<Deregistered> dereg = testKit.createTestProbe();
    g.provider.tell(new Deregister(dereg.ref()));
    assertEquals(0, dereg.receiveMessage(T).socketsClosed());
  }
}
