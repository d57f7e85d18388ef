package org.wskactors.runtime.javadsl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.AddressInfo;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SocketConnectCompleted;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;

/** The Java facade over loopback, used as plain Java: stages, joins, callbacks. */
@ExtendWith(LogCapturingExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WskClientTest {
  static final ActorTestKit testKit = ActorTestKit.create("WskClientTest");
  static final InetSocketAddress LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  static WskClient client;

  @BeforeAll
  static void up() throws Exception {
    client = await(WskClient.register(testKit.system(), "facade-test"));
  }

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  /** The stage's value, waiting at most 10 seconds. */
  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The exception the stage failed with, waiting at most 10 seconds. */
  static Throwable failure(CompletionStage<?> stage) {
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
    return e.getCause();
  }

  record Pair(WskListener listener, WskConnection client, WskConnection server) {}

  static Pair connectedPair() throws Exception {
    WskListener l = await(client.listen(LOOPBACK));
    CompletionStage<WskConnection> accepted = l.accept();
    WskConnection c = await(client.connect(l.localAddress()));
    WskConnection s = await(accepted);
    return new Pair(l, c, s);
  }

  @Test
  void echoOverLoopbackThroughTheFacadeOnly() throws Exception {
    WskListener listener = await(client.listen(LOOPBACK));
    assertTrue(listener.localAddress().getPort() > 0, "the real port is reported");
    CompletionStage<WskConnection> accepted = listener.accept();
    WskConnection c = await(client.connect(listener.localAddress()));
    WskConnection s = await(accepted);
    assertEquals(c.localAddress(), s.remoteAddress());
    assertEquals(c.remoteAddress(), s.localAddress());

    assertEquals(5L, await(c.send("hello".getBytes(UTF_8))));
    Received atServer = await(s.receive(5, WskFlags.WSK_FLAG_WAITALL));
    assertEquals("hello", atServer.data().utf8String());
    assertFalse(atServer.endOfStream());
    assertEquals(5L, await(s.send(atServer.data())));
    assertEquals("hello", await(c.receive(5, WskFlags.WSK_FLAG_WAITALL)).data().utf8String());

    await(c.disconnect());
    Received eof = await(s.receive(100));
    assertTrue(eof.endOfStream(), "the client's FIN is the server's end of stream");
    assertEquals(0, eof.size());
    await(s.disconnect());
    assertTrue(await(c.receive(100)).endOfStream());

    await(c.close());
    await(s.close());
    await(listener.close());
  }

  @Test
  void callbacksEchoWithFlowControlAndSeeTheDisconnect() throws Exception {
    CompletableFuture<Void> serverSawFin = new CompletableFuture<>();
    ConnectionCallbacks echo =
        new ConnectionCallbacks() {
          @Override
          public ReceiveDecision onReceive(WskConnection connection, ByteString data) {
            return ReceiveDecision.retainUntil(connection.send(data));
          }

          @Override
          public void onDisconnect(WskConnection connection) {
            serverSawFin.complete(null);
            connection.disconnect().thenCompose(v -> connection.close());
          }
        };
    CompletableFuture<InetSocketAddress> offered = new CompletableFuture<>();
    WskListener listener =
        await(
            client.listen(
                LOOPBACK,
                connection -> {
                  offered.complete(connection.remoteAddress());
                  return AcceptDecision.accept(echo);
                }));

    StringBuffer echoed = new StringBuffer();
    CompletableFuture<Void> allEchoed = new CompletableFuture<>();
    CompletableFuture<Void> clientSawFin = new CompletableFuture<>();
    String text = "one two three four five ".repeat(200);
    WskConnection c =
        await(
            client.connect(
                listener.localAddress(),
                new ConnectionCallbacks() {
                  @Override
                  public ReceiveDecision onReceive(WskConnection connection, ByteString data) {
                    echoed.append(data.utf8String());
                    if (echoed.length() >= text.length()) allEchoed.complete(null);
                    return ReceiveDecision.consumed();
                  }

                  @Override
                  public void onDisconnect(WskConnection connection) {
                    clientSawFin.complete(null);
                  }
                }));
    assertEquals(c.localAddress(), await(offered));
    for (int i = 0; i < text.length(); i += 1000) {
      await(c.send(text.substring(i, Math.min(text.length(), i + 1000)).getBytes(UTF_8)));
    }
    await(allEchoed);
    assertEquals(text, echoed.toString());
    await(c.disconnect());
    await(serverSawFin);
    await(clientSawFin);
    await(c.close());
    await(listener.close());
  }

  @Test
  void callbacksOnAnExecutorMayBlockAndRunThere() throws Exception {
    ExecutorService executor =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "facade-test-callbacks"));
    try {
      CompletableFuture<String> acceptThread = new CompletableFuture<>();
      CompletableFuture<String> receiveThread = new CompletableFuture<>();
      WskListener listener =
          await(
              client.listen(
                  LOOPBACK,
                  SocketOptions.none(),
                  connection -> {
                    acceptThread.complete(Thread.currentThread().getName());
                    return AcceptDecision.accept(
                        new ConnectionCallbacks() {
                          @Override
                          public ReceiveDecision onReceive(WskConnection conn, ByteString data) {
                            receiveThread.complete(Thread.currentThread().getName());
                            // blocking is allowed on the executor
                            conn.send(data).toCompletableFuture().join();
                            return ReceiveDecision.consumed();
                          }
                        });
                  },
                  executor));
      WskConnection c = await(client.connect(listener.localAddress()));
      await(c.send("ping".getBytes(UTF_8)));
      assertEquals("ping", await(c.receive(4, WskFlags.WSK_FLAG_WAITALL)).data().utf8String());
      assertEquals("facade-test-callbacks", await(acceptThread));
      assertEquals("facade-test-callbacks", await(receiveThread), "inherited from the listener");
      await(c.close());
      await(listener.close());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aThrowingReceiveCallbackLeavesTheBytesInTheSocket() throws Exception {
    CompletableFuture<WskConnection> serverSide = new CompletableFuture<>();
    CompletableFuture<Void> thrown = new CompletableFuture<>();
    WskListener listener =
        await(
            client.listen(
                LOOPBACK,
                connection -> {
                  serverSide.complete(connection);
                  return AcceptDecision.accept(
                      new ConnectionCallbacks() {
                        @Override
                        public ReceiveDecision onReceive(WskConnection conn, ByteString data) {
                          thrown.complete(null);
                          throw new IllegalStateException(
                              "application bug (expected in this test)");
                        }
                      });
                }));
    WskConnection c = await(client.connect(listener.localAddress()));
    await(c.send("kept".getBytes(UTF_8)));
    await(thrown);
    WskConnection s = await(serverSide);
    assertEquals("kept", await(s.receive(4, WskFlags.WSK_FLAG_WAITALL)).data().utf8String());
    await(c.close());
    await(s.close());
    await(listener.close());
  }

  @Test
  void datagramRoundTrip() throws Exception {
    WskDatagram a = await(client.openDatagram(LOOPBACK));
    WskDatagram b = await(client.openDatagram(LOOPBACK));
    CompletionStage<ReceivedDatagram> atB = b.receiveFrom(100);
    assertEquals(4L, await(a.sendTo("ping".getBytes(UTF_8), b.localAddress())));
    ReceivedDatagram got = await(atB);
    assertEquals("ping", got.data().utf8String());
    assertEquals(a.localAddress(), got.remoteAddress());
    assertFalse(got.truncated());

    await(b.sendTo(ByteString.fromString("a longer reply"), got.remoteAddress()));
    ReceivedDatagram cut = await(a.receiveFrom(4));
    assertEquals("a lo", cut.data().utf8String());
    assertTrue(cut.truncated());
    await(a.close());
    await(b.close());
  }

  @Test
  void datagramCallbacksEchoBack() throws Exception {
    WskDatagram echo =
        await(client.openDatagram(LOOPBACK, (socket, data, from) -> socket.sendTo(data, from)));
    WskDatagram a = await(client.openDatagram(LOOPBACK));
    await(a.sendTo("marco".getBytes(UTF_8), echo.localAddress()));
    ReceivedDatagram back = await(a.receiveFrom(100));
    assertEquals("marco", back.data().utf8String());
    assertEquals(echo.localAddress(), back.remoteAddress());
    await(a.close());
    await(echo.close());
  }

  @Test
  void connectRefusedIsAWskExceptionWithItsStatus() throws Exception {
    WskListener l = await(client.listen(LOOPBACK));
    InetSocketAddress closed = l.localAddress();
    await(l.close()); // completes once the port is released
    Throwable t = failure(client.connect(closed));
    WskException e = assertInstanceOf(WskException.class, t);
    assertEquals(WskStatus.STATUS_CONNECTION_REFUSED, e.status());
    assertEquals("SocketConnect", e.operation());
    assertInstanceOf(SocketConnectCompleted.class, e.reply().orElseThrow());
    assertTrue(e.getMessage().contains("STATUS_CONNECTION_REFUSED"), e.getMessage());
  }

  @Test
  void anOptionSetTooLateFailsWithItsStatusAndOptionsAreTyped() throws Exception {
    Pair p = connectedPair();
    WskException e =
        assertInstanceOf(
            WskException.class, failure(p.listener().setOption(SocketOption.IPV6_V6ONLY, false)));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, e.status());

    await(p.client().setOption(SocketOption.TCP_NODELAY, false));
    boolean nodelay = await(p.client().getOption(SocketOption.TCP_NODELAY));
    assertFalse(nodelay);
    int rcvbuf = await(p.client().getOption(SocketOption.SO_RCVBUF));
    assertTrue(rcvbuf > 0);
    await(p.client().close());
    await(p.server().close());
    await(p.listener().close());
  }

  @Test
  void aReceiveThatTimesOutTakesNothing() throws Exception {
    Pair p = connectedPair();
    WskTimeoutException e =
        assertInstanceOf(
            WskTimeoutException.class,
            failure(p.server().withTimeout(Duration.ofMillis(200)).receive(10)));
    assertEquals(WskStatus.STATUS_IO_TIMEOUT, e.status());
    assertFalse(e.replyMissing(), "the socket answered STATUS_IO_TIMEOUT itself");
    assertEquals(Duration.ofMillis(200), e.timeout());

    await(p.client().send("late".getBytes(UTF_8)));
    assertEquals(
        "late", await(p.server().receive(4, WskFlags.WSK_FLAG_WAITALL)).data().utf8String());
    await(p.client().close());
    await(p.server().close());
    await(p.listener().close());
  }

  @Test
  void aMissingReplyIsATimeoutWithUnknownOutcome() throws Exception {
    TestProbe<ConnectionSocket.Command> silent = testKit.createTestProbe();
    WskConnection c =
        new WskConnection(client, silent.ref(), LOOPBACK, LOOPBACK, Duration.ofMillis(200));
    CompletionStage<Long> sent = c.send("lost?".getBytes(UTF_8));
    Send request = silent.expectMessageClass(Send.class);
    assertEquals("lost?", request.data().utf8String());
    WskTimeoutException e = assertInstanceOf(WskTimeoutException.class, failure(sent));
    assertTrue(e.replyMissing());
    assertTrue(e.reply().isEmpty());
    assertEquals("Send", e.operation());
    assertTrue(e.getMessage().contains("unknown"), e.getMessage());
    assertInstanceOf(TimeoutException.class, e.getCause());
  }

  @Test
  void closeCancelsAPendingReceive() throws Exception {
    Pair p = connectedPair();
    CompletionStage<Received> pending = p.server().withTimeout(Duration.ofSeconds(30)).receive(10);
    await(p.server().close());
    WskException e = assertInstanceOf(WskException.class, failure(pending));
    assertEquals(WskStatus.STATUS_CANCELLED, e.status());
    assertEquals("Receive", e.operation());
    await(p.client().close());
    await(p.listener().close());
  }

  @Test
  void aFailedSendSaysHowManyBytesWereTaken() throws Exception {
    Pair p = connectedPair();
    await(p.client().abort());
    WskException e = assertInstanceOf(WskException.class, failure(p.client().send(new byte[10])));
    assertFalse(e.status().isSuccess());
    SendCompleted reply = assertInstanceOf(SendCompleted.class, e.reply().orElseThrow());
    assertEquals(0L, reply.bytesSent());
    assertTrue(e.getMessage().contains("0 of 10 bytes were taken"), e.getMessage());
    await(p.client().close());
    await(p.server().close());
    await(p.listener().close());
  }

  @Test
  void resolvesLocalhost() throws Exception {
    List<AddressInfo> results = await(client.resolve("localhost", "80"));
    assertFalse(results.isEmpty());
    for (AddressInfo r : results) {
      assertTrue(r.address().getAddress().isLoopbackAddress(), r.toString());
      assertEquals(80, r.address().getPort());
    }
    WskException e =
        assertInstanceOf(
            WskException.class, failure(client.resolve("localhost", "no-such-service")));
    assertEquals(WskStatus.STATUS_NOT_FOUND, e.status());
  }

  @Test
  void aBadNameIsRefused() {
    WskException e =
        assertInstanceOf(
            WskException.class, failure(WskClient.register(testKit.system(), "no spaces")));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, e.status());
    assertEquals("Register", e.operation());
  }

  @Test
  void deregisterClosesEverySocketOfTheClient() throws Exception {
    WskClient other = await(WskClient.register(testKit.system(), "facade-test-other"));
    WskListener l = await(other.listen(LOOPBACK));
    WskDatagram d = await(other.openDatagram(LOOPBACK));
    CompletionStage<WskConnection> pendingAccept = l.withTimeout(Duration.ofSeconds(30)).accept();
    assertEquals(2, await(other.deregister()));
    assertEquals(2, await(other.deregister()), "a second call returns the first outcome");
    WskException e = assertInstanceOf(WskException.class, failure(pendingAccept));
    assertEquals(WskStatus.STATUS_CANCELLED, e.status());
    // the port is free again
    WskListener again = await(client.listen(l.localAddress()));
    await(again.close());
    assertTrue(d.localAddress().getPort() > 0);
  }

  @Test
  void handlerActorsStopWithTheirSockets() throws Exception {
    List<ActorRef<?>> spawned = new CopyOnWriteArrayList<>();
    ActorSpawner system = ActorSpawner.systemActors(testKit.system());
    ActorSpawner recording =
        new ActorSpawner() {
          @Override
          public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
            ActorRef<T> ref = system.spawn(behavior, name);
            spawned.add(ref);
            return ref;
          }
        };
    TestProbe<Object> watcher = testKit.createTestProbe();

    assertInstanceOf(
        WskException.class,
        failure(
            WskClient.register(testKit.system(), "bad name", Duration.ofSeconds(5), recording)));
    assertEquals(1, spawned.size());
    watcher.expectTerminated(spawned.remove(0), Duration.ofSeconds(10));

    WskClient c =
        await(
            WskClient.register(
                testKit.system(), "facade-test-spawner", Duration.ofSeconds(5), recording));
    ActorRef<?> owner = spawned.remove(0);
    WskListener l = await(c.listen(LOOPBACK));
    ActorRef<?> listenHandler = spawned.remove(0);
    CompletionStage<WskConnection> accepted = l.accept();
    ActorRef<?> acceptHandler = spawned.remove(0);
    WskConnection conn = await(c.connect(l.localAddress()));
    ActorRef<?> connectHandler = spawned.remove(0);
    WskConnection s = await(accepted);

    await(conn.close());
    watcher.expectTerminated(connectHandler, Duration.ofSeconds(10));
    await(s.close());
    watcher.expectTerminated(acceptHandler, Duration.ofSeconds(10));

    InetSocketAddress closed = l.localAddress();
    await(l.close());
    watcher.expectTerminated(listenHandler, Duration.ofSeconds(10));
    assertInstanceOf(WskException.class, failure(c.connect(closed)));
    watcher.expectTerminated(spawned.remove(0), Duration.ofSeconds(10)); // failed connect's handler
    // The failed connect's socket closes itself just after its reply: wait until the client saw it.
    TestProbe<Integer> count = testKit.createTestProbe();
    count.awaitAssert(
        Duration.ofSeconds(10),
        () -> {
          c.provider()
              .<Object>unsafeUpcast()
              .tell(new org.wskactors.runtime.internal.ClientActor.GetSocketCount(count.ref()));
          assertEquals(0, count.receiveMessage(Duration.ofSeconds(1)));
          return null;
        });

    assertEquals(0, await(c.deregister()));
    watcher.expectTerminated(owner, Duration.ofSeconds(10));
    assertTrue(spawned.isEmpty(), spawned.toString());
  }

  @Test
  void optionsAreSetBeforeTheBindAndAFailingOneClosesTheSocket() throws Exception {
    CompletableFuture<WskConnection> offered = new CompletableFuture<>();
    WskListener dualStack =
        await(
            client.listen(
                new InetSocketAddress("::", 0),
                SocketOptions.none().with(SocketOption.IPV6_V6ONLY, false),
                connection -> {
                  offered.complete(connection);
                  return AcceptDecision.accept(); // no callbacks: read with receive()
                },
                null));
    assertFalse(await(dualStack.getOption(SocketOption.IPV6_V6ONLY)));
    int port = dualStack.localAddress().getPort();
    WskConnection c = await(client.connect(new InetSocketAddress("127.0.0.1", port)));
    await(c.send("v4".getBytes(UTF_8)));
    WskConnection s = await(offered);
    assertEquals("v4", await(s.receive(2, WskFlags.WSK_FLAG_WAITALL)).data().utf8String());
    await(c.close());
    await(s.close());
    await(dualStack.close());

    WskException e =
        assertInstanceOf(
            WskException.class,
            failure(
                client.listen(
                    new InetSocketAddress("127.0.0.1", port),
                    SocketOptions.none()
                        .with(SocketOption.SO_REUSEADDR, true)
                        .with(SocketOption.SO_EXCLUSIVEADDRUSE, true),
                    null,
                    null)));
    assertEquals(WskStatus.STATUS_INVALID_PARAMETER, e.status());
    assertEquals("SetOption(SO_EXCLUSIVEADDRUSE)", e.operation());
    // the half-made listener was closed, never bound: the port can be listened on
    WskListener again = await(client.listen(new InetSocketAddress("127.0.0.1", port)));
    await(again.close());
  }
}
