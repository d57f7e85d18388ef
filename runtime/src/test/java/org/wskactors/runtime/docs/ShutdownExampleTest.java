package org.wskactors.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.wskactors.protocol.Deregister;
import org.wskactors.protocol.Deregistered;
import org.wskactors.protocol.WskProvider;
import org.wskactors.protocol.WskStatus;

/** Runs the guide's shutdown task: it deregisters, and shutdown waits for the reply. */
class ShutdownExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create("ShutdownExampleTest");

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  @Test
  void shutdownDeregistersTheClientAndWaitsForIt() throws Exception {
    TestProbe<WskProvider.Command> provider = testKit.createTestProbe();
    ShutdownExample.deregisterOnShutdown(testKit.system(), provider.ref());
    CompletableFuture<Done> shutdown =
        CoordinatedShutdown.get(testKit.system())
            .runAll(CoordinatedShutdown.unknownReason())
            .toCompletableFuture();
    Deregister d = provider.expectMessageClass(Deregister.class, Duration.ofSeconds(10));
    assertFalse(shutdown.isDone(), "shutdown went on before the client was deregistered");
    d.replyTo().tell(new Deregistered(WskStatus.STATUS_SUCCESS, 0));
    shutdown.get(20, TimeUnit.SECONDS);
  }
}
