package org.wskactors.runtime.javadsl;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.ControlSocket;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketOption;

/**
 * What every facade socket offers: typed options, close, and its default timeout. The three kinds
 * are {@link WskListener}, {@link WskConnection} and {@link WskDatagram}; each wraps the socket
 * actor's ref, which stays available for requests the facade does not cover.
 *
 * <p>Facade sockets are immutable and thread safe; {@link #withTimeout} returns another view of the
 * same socket. Requests to a socket that was closed get no reply, so they fail with {@link
 * WskTimeoutException} after the timeout.
 */
public abstract sealed class WskSocket permits WskListener, WskConnection, WskDatagram {
  final WskClient client;
  final Duration timeout;
  private final ActorRef<ControlSocket> control;
  private final ActorRef<CloseSocket> closer;

  WskSocket(
      WskClient client,
      ActorRef<ControlSocket> control,
      ActorRef<CloseSocket> closer,
      Duration timeout) {
    this.client = client;
    this.control = control;
    this.closer = closer;
    this.timeout = timeout;
  }

  /** The socket actor, for the callback actor's watch. */
  abstract ActorRef<?> ref();

  /**
   * The default timeout of this view's requests.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The same socket with another default timeout for the requests made through the result.
   *
   * @param timeout the new default timeout, positive
   * @return a new view; this one is unchanged
   */
  public abstract WskSocket withTimeout(Duration timeout);

  /**
   * Sets an option ({@code SetOption}, reply {@code OptionSet}). Each option is allowed only in the
   * socket states WSK allows (see {@link SocketOption}).
   *
   * @param option the option
   * @param value its value
   * @param <T> the option's value type
   * @return completes when the socket applied the option; exceptionally with {@link WskException}
   *     (e.g. {@code STATUS_INVALID_DEVICE_STATE} for an option set too late) or {@link
   *     WskTimeoutException}
   */
  public <T> CompletionStage<Void> setOption(SocketOption<T> option, T value) {
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(value, "value");
    return Requests.surface(set(option, value));
  }

  <T> CompletableFuture<Void> set(SocketOption<T> option, T value) {
    return setOn(client.scheduler(), control, timeout, option, value);
  }

  /** Sets one option on a socket actor. */
  static <T> CompletableFuture<Void> setOn(
      Scheduler scheduler,
      ActorRef<ControlSocket> socket,
      Duration timeout,
      SocketOption<T> option,
      T value) {
    return Requests.<ControlSocket, OptionSet>ask(
            scheduler,
            socket,
            "SetOption(" + option + ")",
            timeout,
            null,
            replyTo -> new SetOption<>(option, value, replyTo),
            null,
            null)
        .thenApply(done -> null);
  }

  /** Sets the options on a socket actor one after the other, in order. */
  static CompletableFuture<Void> setAll(
      Scheduler scheduler,
      ActorRef<ControlSocket> socket,
      Duration timeout,
      SocketOptions options) {
    CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
    for (SocketOptions.Entry<?> e : options.entries()) {
      done = done.thenCompose(v -> setEntry(scheduler, socket, timeout, e));
    }
    return done;
  }

  private static <T> CompletableFuture<Void> setEntry(
      Scheduler scheduler,
      ActorRef<ControlSocket> socket,
      Duration timeout,
      SocketOptions.Entry<T> e) {
    return setOn(scheduler, socket, timeout, e.option(), e.value());
  }

  /**
   * Reads an option ({@code GetOption}, reply {@code OptionValue}).
   *
   * @param option the option
   * @param <T> the option's value type
   * @return completes with the value; exceptionally with {@link WskException} (e.g. {@code
   *     STATUS_NOT_SUPPORTED} for a write-only option) or {@link WskTimeoutException}
   */
  public <T> CompletionStage<T> getOption(SocketOption<T> option) {
    Objects.requireNonNull(option, "option");
    return Requests.surface(
        Requests.<ControlSocket, OptionValue<T>>ask(
                client.scheduler(),
                control,
                "GetOption(" + option + ")",
                timeout,
                null,
                replyTo -> new GetOption<>(option, replyTo),
                null,
                null)
            .thenApply(OptionValue::value));
  }

  /**
   * Closes the socket ({@code CloseSocket}, reply {@code CloseCompleted}): pending requests
   * complete with {@code STATUS_CANCELLED} (their stages fail with {@link WskException}), a
   * connection not shut down both ways is reset, and the stage completes once the transport is
   * released (the port can be bound again). The socket's callback actor then stops.
   *
   * @return completes when the socket is closed; exceptionally with {@link WskTimeoutException}
   *     when it was already closed
   */
  public CompletionStage<Void> close() {
    return Requests.surface(
        Requests.<CloseSocket, CloseCompleted>ask(
                client.scheduler(),
                closer,
                "CloseSocket",
                timeout,
                null,
                CloseSocket::new,
                null,
                null)
            .thenApply(done -> null));
  }

  static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return timeout;
  }
}
