package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;

/**
 * {@code wsk-actors.loop-dispatcher}: the actors on it run on the runtime's read selector threads,
 * each actor always on the same one; sockets on it carry bytes both ways; the threads end with the
 * ActorSystem. (Every byte through echo handlers on it: {@code IntegrityTest}.)
 */
@ExtendWith(LogCapturingExtension.class)
class LoopDispatcherTest {
  static final String LOOP = "wsk-actors.loop-dispatcher";
  static final Duration T = WskFixture.TIMEOUT;

  static Config loopConfig(int selectors) {
    return ConfigFactory.parseString(
            "wsk-actors.socket-dispatcher = \""
                + LOOP
                + "\"\n"
                + "wsk-actors.connection.read-selectors = "
                + selectors)
        .withFallback(ConfigFactory.load("application-test"));
  }

  static final ActorTestKit testKit = ActorTestKit.create("LoopDispatcherTest", loopConfig(2));

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  /** Answers every request with the name of the thread it runs on. */
  static Behavior<ActorRef<String>> threadReporter() {
    return Behaviors.receiveMessage(
        replyTo -> {
          replyTo.tell(Thread.currentThread().getName());
          return Behaviors.same();
        });
  }

  @Test
  void eachActorRunsOnOneReadSelectorThreadAndTheActorsShareThemAll() {
    TestProbe<String> names = testKit.createTestProbe();
    Set<String> threads = new HashSet<>();
    for (int a = 0; a < 24; a++) {
      ActorRef<ActorRef<String>> r =
          testKit.spawn(threadReporter(), "reporter-" + a, DispatcherSelector.fromConfig(LOOP));
      Set<String> ofThisActor = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        r.tell(names.ref());
        ofThisActor.add(names.receiveMessage(T));
      }
      assertEquals(1, ofThisActor.size(), "one thread per actor: " + ofThisActor);
      threads.addAll(ofThisActor);
    }
    assertEquals(
        Set.of("LoopDispatcherTest-wsk-read-selector-0", "LoopDispatcherTest-wsk-read-selector-1"),
        threads,
        "24 actors over both read selector threads");
  }

  @Test
  void socketsOnItCarryBytesBothWaysAndClose() {
    assertEquals(LOOP, WskSettings.create(testKit.system()).socketDispatcher());
    WskFixture f = new WskFixture(testKit, "loop");
    TestProbe<org.wskactors.protocol.ListenSocket.Event> lh = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> ch = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();
    WskFixture.Bound l = f.boundListener(lh.ref());
    WskFixture.Pair pair = f.connectedPair(l, ch.ref(), sh.ref());

    // More than one receive window (256 KiB) each way, in 8 KiB sends, read back in order.
    TestProbe<SendCompleted> sent = testKit.createTestProbe();
    TestProbe<ReceiveCompleted> got = testKit.createTestProbe();
    check(pair.client(), pair.server(), sent, got);
    check(pair.server(), pair.client(), sent, got);

    TestProbe<CloseCompleted> closed = testKit.createTestProbe();
    pair.server().tell(new CloseSocket(closed.ref()));
    pair.client().tell(new CloseSocket(closed.ref()));
    l.socket().tell(new CloseSocket(closed.ref()));
    for (int i = 0; i < 3; i++) {
      assertEquals(WskStatus.STATUS_SUCCESS, closed.receiveMessage(T).status());
    }
  }

  private static void check(
      ActorRef<ConnectionSocket.Command> from,
      ActorRef<ConnectionSocket.Command> to,
      TestProbe<SendCompleted> sent,
      TestProbe<ReceiveCompleted> got) {
    int chunks = 64;
    int size = 8 * 1024;
    StringBuilder expected = new StringBuilder();
    for (int c = 0; c < chunks; c++) {
      String chunk = String.valueOf((char) ('a' + c % 26)).repeat(size);
      expected.append(chunk);
      from.tell(new Send(ByteString.fromString(chunk), sent.ref()));
    }
    for (int c = 0; c < chunks; c++) {
      assertEquals(new SendCompleted(WskStatus.STATUS_SUCCESS, size), sent.receiveMessage(T));
    }
    StringBuilder received = new StringBuilder();
    while (received.length() < expected.length()) {
      to.tell(new Receive(expected.length() - received.length(), WskFlags.NONE, null, got.ref()));
      ReceiveCompleted r = got.receiveMessage(T);
      assertEquals(WskStatus.STATUS_SUCCESS, r.status());
      assertTrue(r.data().nonEmpty(), "no end of stream before every byte");
      received.append(r.data().utf8String());
    }
    assertEquals(expected.toString(), received.toString());
  }

  @Test
  void itsThreadsEndWithTheActorSystem() {
    ActorTestKit kit = ActorTestKit.create("LoopDispatcherEnd", loopConfig(3));
    TestProbe<String> names = kit.createTestProbe();
    kit.spawn(threadReporter(), DispatcherSelector.fromConfig(LOOP)).tell(names.ref());
    assertTrue(names.receiveMessage(T).startsWith("LoopDispatcherEnd-wsk-read-selector-"));
    Wsk.get(kit.system()); // the extension's read selectors are the dispatcher's threads
    assertEquals(
        List.of(
            "LoopDispatcherEnd-wsk-read-selector-0",
            "LoopDispatcherEnd-wsk-read-selector-1",
            "LoopDispatcherEnd-wsk-read-selector-2"),
        selectorThreads("LoopDispatcherEnd"),
        "read-selectors threads, shared by the dispatcher and the extension");
    kit.shutdownTestKit();
    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> {
              assertEquals(List.of(), selectorThreads("LoopDispatcherEnd"));
              return null;
            });
  }

  private static List<String> selectorThreads(String system) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(system + "-wsk-read-selector-"))
        .sorted()
        .collect(Collectors.toList());
  }
}
