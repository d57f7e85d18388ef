package org.wskactors.runtime.internal;

import com.typesafe.config.Config;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.wskactors.runtime.WskSettings;

/**
 * A Pekko dispatcher executor that runs actors on the runtime's read selector threads: name this
 * class as a dispatcher's {@code executor} and the actors on that dispatcher run on the threads
 * that read the connections (as on an event loop), so a read reaches a socket actor, and the
 * socket's echo reaches its channel, without waking another thread.
 *
 * <p>Each actor always runs on the same selector thread (chosen by its mailbox); a connection
 * socket started on one is read by that one. Actors on such a dispatcher must not block: a blocked
 * actor stops every read and every other actor of its thread.
 *
 * <p>INTERNAL API: applications name the dispatcher {@code wsk-actors.loop-dispatcher} (the default
 * {@code wsk-actors.socket-dispatcher}), which is built on this class; Pekko instantiates it.
 */
public final class SelectorLoopExecutor extends ExecutorServiceConfigurator {

  private final DispatcherPrerequisites prerequisites;

  /**
   * Called by Pekko when it builds a dispatcher whose {@code executor} names this class.
   *
   * @param config the dispatcher's configuration section
   * @param prerequisites what the dispatcher is built with (the system's settings among them)
   */
  public SelectorLoopExecutor(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    this.prerequisites = prerequisites;
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(
      String id, ThreadFactory threadFactory) {
    return () -> new LoopService(prerequisites.settings());
  }

  /** One life of the dispatcher's executor: holds the system's selectors until shut down. */
  private static final class LoopService extends AbstractExecutorService {
    private final Object key;
    private final ReadSelector[] selectors;
    private volatile boolean shutdown;

    LoopService(org.apache.pekko.actor.ActorSystem.Settings systemSettings) {
      this.key = systemSettings;
      this.selectors =
          ReadSelectors.acquire(
              systemSettings, WskSettings.create(systemSettings.config()), systemSettings.name());
    }

    @Override
    public void execute(Runnable task) {
      if (shutdown) throw new RejectedExecutionException("selector loop executor is shut down");
      ReadSelector[] s = selectors;
      (s.length == 1 ? s[0] : s[Math.floorMod(System.identityHashCode(task), s.length)])
          .execute(task);
    }

    @Override
    public synchronized void shutdown() {
      if (!shutdown) {
        shutdown = true;
        ReadSelectors.release(key);
      }
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown();
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return shutdown;
    }
  }
}
