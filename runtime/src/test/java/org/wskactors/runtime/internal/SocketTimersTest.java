package org.wskactors.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketTimers} in an actor: the first timer lives in fields, later ones in a map, and a key
 * is cancelled, restarted or fired wherever it lives.
 */
class SocketTimersTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration SOON = Duration.ofMillis(50);
  private static final Duration LATER = Duration.ofMillis(400);
  private static final Duration QUIET = Duration.ofMillis(700);

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private record Start(String key, String message, Duration delay) {}

  private record Cancel(String key) {}

  private record CancelAll() {}

  private record Fired(String key, String message) {}

  /** Starts, cancels and forgets timers on command; a timer's message goes to the probe. */
  private static Behavior<Object> timing(ActorRef<String> probe) {
    return Behaviors.setup(
        ctx -> {
          SocketTimers timers = new SocketTimers(ctx);
          return Behaviors.receiveMessage(
              m -> {
                if (m instanceof Start s) {
                  timers.start(s.key(), new Fired(s.key(), s.message()), s.delay());
                } else if (m instanceof Cancel c) {
                  timers.cancel(c.key());
                } else if (m instanceof CancelAll) {
                  timers.cancelAll();
                } else if (m instanceof Fired f) {
                  timers.fired(f.key());
                  probe.tell(f.message());
                }
                return Behaviors.same();
              });
        });
  }

  private static ActorRef<Object> spawn(TestProbe<String> probe) {
    return KIT.spawn(timing(probe.getRef()));
  }

  @Test
  void aCancelledTimerIsSilentWhereverItIsHeld() {
    TestProbe<String> probe = KIT.createTestProbe();
    ActorRef<Object> t = spawn(probe);
    t.tell(new Start("first", "first fired", LATER)); // in the fields
    t.tell(new Start("second", "second fired", LATER)); // in the map
    t.tell(new Start("third", "third fired", SOON)); // in the map
    t.tell(new Cancel("first"));
    t.tell(new Cancel("second"));
    probe.expectMessage("third fired");
    probe.expectNoMessage(QUIET);
  }

  @Test
  void aFreedSlotTakesTheNextTimerAndTheMapKeepsItsOwn() {
    TestProbe<String> probe = KIT.createTestProbe();
    ActorRef<Object> t = spawn(probe);
    t.tell(new Start("a", "a fired", SOON)); // fields
    t.tell(new Start("b", "b fired", LATER)); // map
    probe.expectMessage("a fired"); // fields free again
    t.tell(new Start("c", "c fired", LATER)); // fields
    t.tell(new Cancel("c"));
    probe.expectMessage("b fired");
    probe.expectNoMessage(QUIET);
  }

  @Test
  void restartingAKeyReplacesItsTimer() {
    TestProbe<String> probe = KIT.createTestProbe();
    ActorRef<Object> t = spawn(probe);
    t.tell(new Start("k", "old", LATER));
    t.tell(new Start("other", "other fired", LATER));
    t.tell(new Start("other", "other again", SOON)); // restarted in the map
    t.tell(new Start("k", "new", SOON)); // restarted in the fields
    assertEquals(Set.of("other again", "new"), Set.copyOf(probe.receiveSeveralMessages(2)));
    probe.expectNoMessage(QUIET);
  }

  @Test
  void cancelAllSilencesEveryTimer() {
    TestProbe<String> probe = KIT.createTestProbe();
    ActorRef<Object> t = spawn(probe);
    t.tell(new Start("a", "a fired", SOON));
    t.tell(new Start("b", "b fired", SOON));
    t.tell(new Start("c", "c fired", SOON));
    t.tell(new CancelAll());
    t.tell(new Start("d", "d fired", LATER)); // usable again afterwards
    probe.expectMessage("d fired");
    probe.expectNoMessage(QUIET);
  }
}
