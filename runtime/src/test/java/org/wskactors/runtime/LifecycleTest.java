package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SocketConnect;
import org.wskactors.protocol.SocketConnectCompleted;
import org.wskactors.protocol.WskProvider;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.internal.ClientActor;

/** Registration, deregistration, supervision and leaks: nothing is left behind. */
@ExtendWith(LogCapturingExtension.class)
class LifecycleTest {
  static final ActorTestKit testKit = ActorTestKit.create("LifecycleTest");
  static final Duration T = WskFixture.TIMEOUT;

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  static int socketCount(ActorRef<WskProvider.Command> provider) {
    TestProbe<Integer> p = testKit.createTestProbe();
    provider.<Object>unsafeUpcast().tell(new ClientActor.GetSocketCount(p.ref()));
    return p.receiveMessage(T);
  }

  static int openFds() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  @Test
  void registrationNeedsAValidName() {
    TestProbe<Registered> reg = testKit.createTestProbe();
    Wsk.get(testKit.system()).subsystem().tell(new Register("bad name!", null, reg.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, reg.receiveMessage(T).status());
    Wsk.get(testKit.system()).subsystem().tell(new Register(null, null, reg.ref()));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, reg.receiveMessage(T).status());
  }

  @Test
  void deregisterClosesOnlyThatClientsSocketsAndCompletesWhenAllAreClosed() {
    WskFixture a = new WskFixture(testKit, "client-a");
    WskFixture b = new WskFixture(testKit, "client-b");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> ch = testKit.createTestProbe();
    WskFixture.Bound la = a.boundListener(lh.ref());
    WskFixture.Pair pa = a.connectedPair(la, ch.ref(), ch.ref());
    TestProbe<AcceptCompleted> pending = testKit.createTestProbe();
    la.socket().tell(new Accept(ch.ref(), pending.ref()));
    WskFixture.Bound lb = b.boundListener(lh.ref());
    assertEquals(3, socketCount(a.provider));

    TestProbe<Deregistered> dereg = testKit.createTestProbe();
    a.provider.tell(new Deregister(dereg.ref()));
    assertEquals(WskStatus.STATUS_CANCELLED, pending.receiveMessage(T).status());
    Deregistered d = dereg.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, d.status());
    assertEquals(3, d.socketsClosed());
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(la.socket(), T);
    watcher.expectTerminated(pa.client(), T);
    watcher.expectTerminated(pa.server(), T);
    watcher.expectTerminated(a.provider, T);

    // Client b is untouched.
    assertEquals(1, socketCount(b.provider));
    ListenSocketTest.closeWith(testKit, lb.socket());
    awaitCount(b.provider, 0);
  }

  @Test
  void ownerStopDeregistersTheClient() {
    TestProbe<Object> owner = testKit.createTestProbe();
    TestProbe<Registered> reg = testKit.createTestProbe();
    Wsk.get(testKit.system()).subsystem().tell(new Register("owned", owner.ref(), reg.ref()));
    ActorRef<WskProvider.Command> provider = reg.receiveMessage(T).provider();
    TestProbe<org.wskactors.protocol.SocketCreated<ListenSocket.Command>> created =
        testKit.createTestProbe();
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    provider.tell(
        new org.wskactors.protocol.CreateListenSocket(AddressFamily.INET, lh.ref(), created.ref()));
    ActorRef<ListenSocket.Command> l = created.receiveMessage(T).socket();
    owner.stop();
    TestProbe<Object> watcher = testKit.createTestProbe();
    watcher.expectTerminated(l, T);
    watcher.expectTerminated(provider, T);
  }

  @Test
  void connectionHandlerStopClosesTheSocketAndThePeerSeesIt() throws IOException {
    WskFixture f = new WskFixture(testKit, "handler-stop");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();
    l.socket().tell(new Accept(sh.ref(), acc.ref()));
    try (Socket peer = new Socket()) {
      peer.connect(l.address(), 5000);
      peer.setSoTimeout(10_000);
      ActorRef<ConnectionSocket.Command> s = acc.receiveMessage(T).socket();
      TestProbe<ReceiveCompleted> r = testKit.createTestProbe();
      s.tell(new Receive(10, r.ref()));
      sh.stop();
      assertEquals(WskStatus.STATUS_CANCELLED, r.receiveMessage(T).status());
      testKit.createTestProbe().expectTerminated(s, T);
      try {
        assertEquals(-1, peer.getInputStream().read());
      } catch (IOException reset) {
        // reset: the handler's socket was not shut down both ways
      }
    }
    ListenSocketTest.closeWith(testKit, l.socket());
  }

  /** Accepts every connection by event and closes the accepted socket at once. */
  static Behavior<ListenSocket.Event> acceptAndClose() {
    return Behaviors.setup(
        ctx -> {
          ActorRef<ConnectionSocket.Event> sink = ctx.spawn(Behaviors.ignore(), "sink");
          ActorRef<CloseCompleted> ignore = ctx.getSystem().ignoreRef();
          return Behaviors.receive(ListenSocket.Event.class)
              .onMessage(
                  AcceptEvent.class,
                  ev -> {
                    ev.replyTo().tell(AcceptEventResponse.accept(sink));
                    ev.acceptSocket().tell(new CloseSocket(ignore));
                    return Behaviors.same();
                  })
              .build();
        });
  }

  @Test
  void thousandConnectCloseCyclesLeaveNoFileDescriptorsOrActorsBehind() throws Exception {
    WskFixture f = new WskFixture(testKit, "leaks");
    ActorRef<ListenSocket.Event> lh = testKit.spawn(acceptAndClose());
    WskFixture.Bound l = f.boundListener(lh);
    ListenSocketTest.enableAcceptWith(testKit, l.socket());
    TestProbe<ConnectionSocket.Event> ch = testKit.createTestProbe();
    TestProbe<SocketConnectCompleted> sc = testKit.createTestProbe();
    TestProbe<CloseCompleted> closed = testKit.createTestProbe();
    Runnable cycle =
        () -> {
          f.provider.tell(
              new SocketConnect(
                  new java.net.InetSocketAddress("127.0.0.1", 0),
                  l.address(),
                  ch.ref(),
                  null,
                  sc.ref()));
          SocketConnectCompleted c = sc.receiveMessage(T);
          // The server resets at once, so the reset may beat the connect's completion.
          if (c.status() == WskStatus.STATUS_SUCCESS) {
            c.socket().tell(new CloseSocket(closed.ref()));
            closed.receiveMessage(T);
          } else {
            assertEquals(WskStatus.STATUS_CONNECTION_RESET, c.status());
          }
        };
    for (int i = 0; i < 20; i++) cycle.run(); // warm up lazily created resources
    awaitCount(f.provider, 1);
    int fdsBefore = openFds();
    for (int i = 0; i < 1000; i++) cycle.run();
    awaitCount(f.provider, 1); // only the listener is left
    long deadline = System.nanoTime() + T.toNanos();
    int fdsAfter = openFds();
    while (fdsAfter > fdsBefore && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      fdsAfter = openFds();
    }
    assertTrue(fdsBefore > 0, "/proc/self/fd readable");
    assertTrue(fdsAfter <= fdsBefore, "fds before " + fdsBefore + ", after " + fdsAfter);
    ListenSocketTest.closeWith(testKit, l.socket());
    awaitCount(f.provider, 0);
  }

  private static void awaitCount(ActorRef<WskProvider.Command> provider, int expected) {
    testKit
        .createTestProbe()
        .awaitAssert(
            T,
            () -> {
              assertEquals(expected, socketCount(provider));
              return null;
            });
  }

  @Test
  void aFailedSocketIsClosedItsRequestsCompleteAndItsHandlerIsTold() throws IOException {
    WskFixture f = new WskFixture(testKit, "crash");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();
    l.socket().tell(new Accept(sh.ref(), acc.ref()));
    try (Socket peer = new Socket()) {
      peer.connect(l.address(), 5000);
      peer.setSoTimeout(10_000);
      ActorRef<ConnectionSocket.Command> s = acc.receiveMessage(T).socket();
      TestProbe<ReceiveCompleted> r = testKit.createTestProbe();
      s.tell(new Receive(10, r.ref()));
      awaitCount(f.provider, 2);
      org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit.error(
              org.wskactors.runtime.internal.FaultInjection.InjectedFailure.class)
          .expect(
              testKit.system(),
              () -> {
                s.<Object>unsafeUpcast()
                    .tell(org.wskactors.runtime.internal.FaultInjection.Crash.INSTANCE);
                return null;
              });
      assertEquals(WskStatus.STATUS_FILE_FORCED_CLOSED, r.receiveMessage(T).status());
      org.wskactors.protocol.SocketFailedEvent failed =
          sh.expectMessageClass(org.wskactors.protocol.SocketFailedEvent.class, T);
      assertEquals(s, failed.socket());
      testKit.createTestProbe().expectTerminated(s, T);
      try {
        assertEquals(-1, peer.getInputStream().read());
      } catch (IOException reset) {
        // the peer sees a reset: the connection was not shut down both ways
      }
      awaitCount(f.provider, 1);
    }
    // The listener fails too, and its handler is told.
    l.socket()
        .<Object>unsafeUpcast()
        .tell(org.wskactors.runtime.internal.FaultInjection.Crash.INSTANCE);
    lh.expectMessageClass(org.wskactors.protocol.SocketFailedEvent.class, T);
    awaitCount(f.provider, 0);
    // Pekko IO's listener watches the failed socket actor and releases the port right after.
    testKit
        .createTestProbe()
        .awaitAssert(
            T,
            () -> {
              try (Socket s = new Socket()) {
                org.junit.jupiter.api.Assertions.assertThrows(
                    IOException.class, () -> s.connect(l.address(), 2000));
              } catch (IOException e) {
                throw new AssertionError(e);
              }
              return null;
            });
  }
}
