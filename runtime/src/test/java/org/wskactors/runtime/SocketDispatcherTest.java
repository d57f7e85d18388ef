package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.ActorCell;
import org.apache.pekko.actor.ActorRefWithCell;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.NodeMessageQueue;
import org.apache.pekko.dispatch.UnboundedMailbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.BasicSocket;
import org.wskactors.protocol.CreateBasicSocket;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.WskStatus;

/**
 * {@code wsk-actors.socket-dispatcher} runs the subsystem, client and socket actors, with {@code
 * wsk-actors.socket-mailbox} as their mailbox.
 */
class SocketDispatcherTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(
          "SocketDispatcherTest",
          ConfigFactory.parseString(
                  "wsk-actors.socket-dispatcher = \"test-socket-dispatcher\"\n"
                      + "test-socket-dispatcher {\n"
                      + "  type = Dispatcher\n"
                      + "  executor = \"fork-join-executor\"\n"
                      + "}")
              .withFallback(ConfigFactory.load()));

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  @Test
  void theRuntimesActorsRunOnTheConfiguredDispatcher() {
    List<ActorRef<?>> actors = runtimeActors(testKit, "dispatcher-test");
    for (ActorRef<?> a : actors) {
      assertEquals("test-socket-dispatcher", cellOf(a).props().dispatcher(), a.path().name());
    }
  }

  @Test
  void theirMailboxIsTheSingleConsumerQueueByDefault() {
    for (ActorRef<?> a : runtimeActors(testKit, "mailbox-test")) {
      assertEquals(
          "wsk-actors.single-consumer-mailbox", cellOf(a).props().mailbox(), a.path().name());
      assertInstanceOf(NodeMessageQueue.class, queueOf(a), a.path().name());
    }
  }

  @Test
  void anotherMailboxCanBeConfigured() {
    ActorTestKit other =
        ActorTestKit.create(
            "SocketMailboxTest",
            ConfigFactory.parseString("wsk-actors.socket-mailbox = \"pekko.actor.default-mailbox\"")
                .withFallback(ConfigFactory.load()));
    try {
      for (ActorRef<?> a : runtimeActors(other, "default-mailbox-test")) {
        assertEquals("pekko.actor.default-mailbox", cellOf(a).props().mailbox(), a.path().name());
        assertInstanceOf(UnboundedMailbox.MessageQueue.class, queueOf(a), a.path().name());
      }
    } finally {
      other.shutdownTestKit();
    }
  }

  /** Registers a client and creates a basic socket: the subsystem, the client and the socket. */
  private static List<ActorRef<?>> runtimeActors(ActorTestKit kit, String clientName) {
    ActorRef<?> subsystem = Wsk.get(kit.system()).subsystem();
    TestProbe<Registered> reg = kit.createTestProbe();
    Wsk.get(kit.system()).subsystem().tell(new Register(clientName, null, reg.ref()));
    Registered r = reg.receiveMessage(Duration.ofSeconds(10));
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    TestProbe<SocketCreated<BasicSocket.Command>> created = kit.createTestProbe();
    r.provider().tell(new CreateBasicSocket(AddressFamily.INET, created.ref()));
    SocketCreated<BasicSocket.Command> c = created.receiveMessage(Duration.ofSeconds(10));
    assertEquals(WskStatus.STATUS_SUCCESS, c.status());
    return List.of(subsystem, r.provider(), c.socket());
  }

  private static ActorCell cellOf(ActorRef<?> ref) {
    return (ActorCell) ((ActorRefWithCell) Adapter.toClassic(ref)).underlying();
  }

  private static MessageQueue queueOf(ActorRef<?> ref) {
    return cellOf(ref).mailbox().messageQueue();
  }
}
