package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.ActorRefWithCell;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.BasicSocket;
import org.wskactors.protocol.CreateBasicSocket;
import org.wskactors.protocol.Register;
import org.wskactors.protocol.Registered;
import org.wskactors.protocol.SocketCreated;
import org.wskactors.protocol.WskStatus;

/** {@code wsk-actors.socket-dispatcher} runs the subsystem, client and socket actors. */
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
    ActorRef<?> subsystem = Wsk.get(testKit.system()).subsystem();
    TestProbe<Registered> reg = testKit.createTestProbe();
    Wsk.get(testKit.system()).subsystem().tell(new Register("dispatcher-test", null, reg.ref()));
    Registered r = reg.receiveMessage(Duration.ofSeconds(10));
    assertEquals(WskStatus.STATUS_SUCCESS, r.status());
    TestProbe<SocketCreated<BasicSocket.Command>> created = testKit.createTestProbe();
    r.provider().tell(new CreateBasicSocket(AddressFamily.INET, created.ref()));
    SocketCreated<BasicSocket.Command> c = created.receiveMessage(Duration.ofSeconds(10));
    assertEquals(WskStatus.STATUS_SUCCESS, c.status());

    assertEquals("test-socket-dispatcher", dispatcherOf(subsystem), "subsystem");
    assertEquals("test-socket-dispatcher", dispatcherOf(r.provider()), "client");
    assertEquals("test-socket-dispatcher", dispatcherOf(c.socket()), "socket");
  }

  /** The dispatcher id in the props of a local actor. */
  private static String dispatcherOf(ActorRef<?> ref) {
    return ((ActorRefWithCell) Adapter.toClassic(ref)).underlying().props().dispatcher();
  }
}
