package org.wskactors.runtime.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.wskactors.runtime.WskSettings;

/**
 * INTERNAL API: the {@link ReadSelector}s of one ActorSystem ({@code
 * wsk-actors.connection.read-selectors} of them, started with the {@code Wsk} extension when {@code
 * selector-reads} is on, closed when the system terminates); connection sockets are spread over
 * them round-robin.
 */
public final class ReadSelectors implements Extension {

  /** The extension id. */
  public static final class Id extends ExtensionId<ReadSelectors> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    @Override
    public ReadSelectors createExtension(ActorSystem<?> system) {
      return new ReadSelectors(system, WskSettings.create(system));
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

  private final ReadSelector[] selectors;
  private final AtomicInteger next = new AtomicInteger();

  private ReadSelectors(ActorSystem<?> system, WskSettings settings) {
    selectors = new ReadSelector[settings.readSelectors()];
    try {
      for (int i = 0; i < selectors.length; i++) {
        selectors[i] =
            new ReadSelector(
                system.name() + "-wsk-read-selector-" + i, settings.readSelectorBufferSize());
      }
    } catch (IOException e) {
      for (ReadSelector s : selectors) {
        if (s != null) s.close();
      }
      throw new UncheckedIOException("No selector for the runtime's reads", e);
    }
    system.getWhenTerminated().thenRun(this::close);
  }

  /**
   * The selector for the next connection.
   *
   * @return one of the selectors
   */
  public ReadSelector next() {
    return selectors[Math.floorMod(next.getAndIncrement(), selectors.length)];
  }

  private void close() {
    for (ReadSelector s : selectors) s.close();
  }
}
