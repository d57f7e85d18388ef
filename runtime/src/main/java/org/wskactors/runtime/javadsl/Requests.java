package org.wskactors.runtime.javadsl;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.wskactors.protocol.WskCompletion;
import org.wskactors.protocol.WskStatus;

/** The facade's one way to send a request: ask, then turn the reply's status into the outcome. */
final class Requests {
  private Requests() {}

  /**
   * Asks {@code target} and completes with the reply when its status is a success; otherwise with a
   * {@link WskException} (a {@link WskTimeoutException} for {@code STATUS_IO_TIMEOUT} or a missing
   * reply).
   *
   * @param scheduler the system's scheduler, for the ask's timeout
   * @param target the actor asked
   * @param operation the request's name, for exceptions
   * @param timeout the request's timeout: how long to wait for the reply, or, with {@code grace},
   *     the timeout the request carries itself
   * @param grace extra wait for a request that carries {@code timeout} itself; null for none
   * @param factory builds the request around the reply address
   * @param failureDetail adds to the message of a failure, from the reply; may be null
   * @param unknownOutcome adds to the message of a missing reply; may be null
   */
  static <Req, Res extends WskCompletion> CompletableFuture<Res> ask(
      Scheduler scheduler,
      RecipientRef<Req> target,
      String operation,
      Duration timeout,
      Duration grace,
      Function<ActorRef<Res>, Req> factory,
      Function<Res, String> failureDetail,
      String unknownOutcome) {
    CompletableFuture<Res> result = new CompletableFuture<>();
    Duration askTimeout = grace == null ? timeout : timeout.plus(grace);
    CompletionStage<Res> asked = AskPattern.ask(target, factory::apply, askTimeout, scheduler);
    asked.whenComplete(
        (reply, failure) -> {
          if (failure != null) {
            Throwable cause = unwrap(failure);
            if (cause instanceof TimeoutException) {
              String message =
                  operation
                      + ": no reply within "
                      + askTimeout
                      + (unknownOutcome == null ? "" : "; " + unknownOutcome);
              result.completeExceptionally(
                  new WskTimeoutException(operation, askTimeout, null, message, cause));
            } else {
              result.completeExceptionally(cause);
            }
          } else if (reply.status() == null || !reply.status().isSuccess()) {
            result.completeExceptionally(failure(operation, reply, failureDetail, timeout));
          } else {
            result.complete(reply);
          }
        });
    return result;
  }

  private static <Res extends WskCompletion> WskException failure(
      String operation, Res reply, Function<Res, String> detail, Duration timeout) {
    WskStatus status = reply.status() == null ? WskStatus.STATUS_INVALID_PARAMETER : reply.status();
    String message = operation + " failed: " + status;
    if (detail != null) message += "; " + detail.apply(reply);
    if (status == WskStatus.STATUS_IO_TIMEOUT) {
      return new WskTimeoutException(operation, timeout, reply, message, null);
    }
    return new WskException(operation, status, reply, message);
  }

  /** The exception inside the {@link CompletionException} layers a stage may add. */
  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while (c instanceof CompletionException && c.getCause() != null) c = c.getCause();
    return c;
  }

  /**
   * The stage a facade method returns: completes as {@code stage} does, with the bare exception
   * (not a {@link CompletionException}), and cannot be completed by the caller.
   */
  static <T> CompletionStage<T> surface(CompletionStage<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.whenComplete(
        (value, failure) -> {
          if (failure == null) out.complete(value);
          else out.completeExceptionally(unwrap(failure));
        });
    return out.minimalCompletionStage();
  }
}
