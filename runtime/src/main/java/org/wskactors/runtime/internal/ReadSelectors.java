package org.wskactors.runtime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.wskactors.runtime.WskSettings;

/**
 * INTERNAL API: the {@link ReadSelector}s of one ActorSystem ({@code
 * wsk-actors.connection.read-selectors} of them, started with the {@code Wsk} extension when {@code
 * selector-reads} is on, or by a {@link SelectorLoopExecutor} dispatcher, whichever comes first;
 * closed when both are done with them); connection sockets are spread over them round-robin, or
 * read by the selector whose thread runs the socket actor when it runs on one.
 */
public final class ReadSelectors implements Extension {

  /** The extension id. */
  public static final class Id extends ExtensionId<ReadSelectors> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    @Override
    public ReadSelectors createExtension(ActorSystem<?> system) {
      return new ReadSelectors(system);
    }
  }

  /**
   * The read selectors of an ActorSystem.
   *
   * @param system the system
   * @return its read selectors
   */
  public static ReadSelectors get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** One system's selectors and how many users (extension, executors) hold them. */
  private static final class Loops {
    final ReadSelector[] selectors;
    private int users;

    private Loops(ReadSelector[] selectors) {
      this.selectors = selectors;
    }
  }

  // Keyed by the identity of the classic ActorSystem.Settings: the one object both the extension
  // (from its system) and a dispatcher's executor (from its DispatcherPrerequisites) can reach.
  private static final Map<Object, Loops> LOOPS = new IdentityHashMap<>();

  /**
   * Takes (starting them when nobody holds them) the selectors of the system whose settings are
   * given; every call is matched by one {@link #release}.
   *
   * @param systemSettings the classic {@code ActorSystem.Settings} of the system
   * @param settings the runtime's settings of that system
   * @param systemName the system's name, for the threads' names
   * @return the selectors
   */
  static ReadSelector[] acquire(Object systemSettings, WskSettings settings, String systemName) {
    synchronized (LOOPS) {
      Loops loops = LOOPS.get(systemSettings);
      if (loops == null) {
        loops = new Loops(open(settings, systemName));
        LOOPS.put(systemSettings, loops);
      }
      loops.users++;
      return loops.selectors;
    }
  }

  /**
   * Gives back selectors taken with {@link #acquire}; the last user closes them.
   *
   * @param systemSettings the classic {@code ActorSystem.Settings} of the system
   */
  static void release(Object systemSettings) {
    Loops closing = null;
    synchronized (LOOPS) {
      Loops loops = LOOPS.get(systemSettings);
      if (loops != null && --loops.users == 0) {
        LOOPS.remove(systemSettings);
        closing = loops;
      }
    }
    if (closing != null) {
      for (ReadSelector s : closing.selectors) s.close();
    }
  }

  private static ReadSelector[] open(WskSettings settings, String systemName) {
    ReadSelector[] selectors = new ReadSelector[settings.readSelectors()];
    try {
      for (int i = 0; i < selectors.length; i++) {
        selectors[i] =
            new ReadSelector(
                systemName + "-wsk-read-selector-" + i, settings.readSelectorBufferSize());
      }
    } catch (IOException e) {
      for (ReadSelector s : selectors) {
        if (s != null) s.close();
      }
      throw new UncheckedIOException("No selector for the runtime's reads", e);
    }
    return selectors;
  }

  private final ReadSelector[] selectors;
  private final AtomicInteger next = new AtomicInteger();

  private ReadSelectors(ActorSystem<?> system) {
    Object key = Adapter.toClassic(system).settings();
    selectors = acquire(key, WskSettings.create(system), system.name());
    system.getWhenTerminated().thenRun(() -> release(key));
  }

  /**
   * The selector for the next connection: the one whose thread the caller runs on (a socket actor
   * on a {@link SelectorLoopExecutor} dispatcher), otherwise the next one round-robin.
   *
   * @return one of the selectors
   */
  public ReadSelector next() {
    for (ReadSelector s : selectors) {
      if (s.inLoop()) return s;
    }
    return selectors[Math.floorMod(next.getAndIncrement(), selectors.length)];
  }
}
