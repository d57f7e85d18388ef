package org.wskactors.runtime.javadsl;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The handler actor of one facade socket: it receives the socket's events and runs the matching
 * callbacks, one at a time and in order, inline or on an executor, and makes sure every event that
 * needs a reply gets one. It watches the socket and stops when the socket has stopped; when it is
 * stopped first, the socket closes (the runtime closes a socket whose handler stops).
 *
 * @param <F> the facade type handed to the callbacks
 */
final class CallbackActor<F extends WskSocket> extends AbstractBehavior<Object> {

  /** Runs the callbacks of one socket category. */
  interface Events<F> {
    /**
     * Runs the callback of {@code event} and sends the event's reply, also when the callback
     * throws. Called on the actor or on the executor, never concurrently for one socket.
     *
     * @param socket the facade of the socket
     * @param event one of the socket's events
     */
    void handle(F socket, Object event);

    /**
     * Sends the reply {@code event} needs when its callback will not run (the executor refused it,
     * or the actor stops); does nothing for events without a reply.
     *
     * @param event one of the socket's events
     */
    void skip(Object event);
  }

  /** From the facade: the socket exists; events can be handed to the callbacks. */
  record Attach(WskSocket socket) {}

  /** From the facade: the socket's creation failed or timed out; stop (closing the socket). */
  enum Detach {
    INSTANCE
  }

  /** From an executor task: its callback returned. */
  private enum CallbackDone {
    INSTANCE
  }

  /**
   * The handler's behaviour.
   *
   * @param type the facade type
   * @param events the callbacks
   * @param executor where the callbacks run; null for the actor itself
   * @param attached the facade when the socket already exists, else null (send {@link Attach})
   */
  static <F extends WskSocket> Behavior<Object> create(
      Class<F> type, Events<F> events, Executor executor, F attached) {
    return Behaviors.setup(ctx -> new CallbackActor<>(ctx, type, events, executor, attached));
  }

  private final Class<F> type;
  private final Events<F> events;
  private final Executor executor;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  private F socket;
  private boolean running;
  private boolean socketStopped;

  private CallbackActor(
      ActorContext<Object> ctx, Class<F> type, Events<F> events, Executor executor, F attached) {
    super(ctx);
    this.type = type;
    this.events = events;
    this.executor = executor;
    if (attached != null) attach(attached);
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Attach.class, this::onAttach)
        .onMessageEquals(Detach.INSTANCE, Behaviors::stopped)
        .onMessageEquals(CallbackDone.INSTANCE, this::onCallbackDone)
        .onSignal(Terminated.class, this::onSocketStopped)
        .onSignal(PostStop.class, this::onPostStop)
        .onAnyMessage(this::onEvent)
        .build();
  }

  private void attach(F f) {
    socket = f;
    getContext().watch(f.ref());
  }

  private Behavior<Object> onAttach(Attach m) {
    if (socket == null) attach(type.cast(m.socket()));
    return runQueued();
  }

  private Behavior<Object> onEvent(Object event) {
    queued.add(event);
    return socket == null ? this : runQueued();
  }

  /** Runs queued events: all of them inline, or the next one on the executor. */
  private Behavior<Object> runQueued() {
    if (executor == null) {
      Object event;
      while ((event = queued.poll()) != null) events.handle(socket, event);
    } else if (!running) {
      Object event = queued.poll();
      if (event != null) submit(event);
    }
    return socketStopped && idle() ? Behaviors.stopped() : this;
  }

  private void submit(Object event) {
    ActorRef<Object> self = getContext().getSelf();
    F f = socket;
    try {
      executor.execute(
          () -> {
            try {
              events.handle(f, event);
            } finally {
              self.tell(CallbackDone.INSTANCE);
            }
          });
      running = true;
    } catch (RejectedExecutionException e) {
      getContext()
          .getLog()
          .warn("Executor refused a callback of [{}]: {}", f.ref().path(), e.toString());
      events.skip(event);
      submitNext();
    }
  }

  private void submitNext() {
    Object next = queued.poll();
    if (next != null) submit(next);
  }

  private Behavior<Object> onCallbackDone() {
    running = false;
    submitNext();
    return socketStopped && idle() ? Behaviors.stopped() : this;
  }

  private boolean idle() {
    return !running && queued.isEmpty();
  }

  private Behavior<Object> onSocketStopped(Terminated t) {
    socketStopped = true;
    return idle() ? Behaviors.stopped() : this;
  }

  private Behavior<Object> onPostStop(PostStop s) {
    Object event;
    while ((event = queued.poll()) != null) events.skip(event);
    return this;
  }
}
