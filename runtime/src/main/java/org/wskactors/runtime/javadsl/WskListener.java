package org.wskactors.runtime.javadsl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wskactors.protocol.AbortEvent;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AcceptEvent;
import org.wskactors.protocol.AcceptEventResponse;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.InspectAction;
import org.wskactors.protocol.InspectEvent;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;

/**
 * A bound, listening TCP socket ({@code ActorRef<ListenSocket.Command>}) seen as asynchronous Java.
 * Obtained from {@link WskClient#listen}; connections are taken with {@link #accept()} or, when the
 * listener was created with {@link ListenCallbacks}, through {@link ListenCallbacks#onAccept}. A
 * pending {@link #accept()} is served before the callbacks.
 *
 * <p>Immutable and thread safe. Closing the listener does not close the connections it accepted.
 * Stages complete on a Pekko dispatcher thread (see {@link WskConnection}).
 */
public final class WskListener extends WskSocket {
  private static final Logger LOG = LoggerFactory.getLogger(WskListener.class);

  private final ActorRef<ListenSocket.Command> socket;
  private final InetSocketAddress localAddress;

  WskListener(
      WskClient client,
      ActorRef<ListenSocket.Command> socket,
      InetSocketAddress localAddress,
      Duration timeout) {
    super(client, socket.narrow(), socket.narrow(), timeout);
    this.socket = socket;
    this.localAddress = localAddress;
  }

  @Override
  ActorRef<?> ref() {
    return socket;
  }

  /**
   * The socket actor, for protocol requests the facade does not cover.
   *
   * @return the socket actor
   */
  public ActorRef<ListenSocket.Command> socket() {
    return socket;
  }

  /**
   * The address the listener is bound to, with the real port when port 0 was asked for.
   *
   * @return the bound address
   */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  @Override
  public WskListener withTimeout(Duration timeout) {
    return new WskListener(client, socket, localAddress, checkTimeout(timeout));
  }

  /**
   * Takes the next incoming connection ({@code Accept} with this view's timeout, reply {@code
   * AcceptCompleted}); the connection has no callbacks, read it with {@link
   * WskConnection#receive(int)}.
   *
   * @return completes with the connection; exceptionally with {@link WskTimeoutException} when no
   *     connection came within the timeout, or {@link WskException} (e.g. {@code STATUS_CANCELLED}
   *     when the listener was closed meanwhile)
   */
  public CompletionStage<WskConnection> accept() {
    return accept(null, null);
  }

  /**
   * Takes the next incoming connection, whose events then call {@code callbacks} on its handler
   * actor.
   *
   * @param callbacks the connection's callbacks
   * @return as {@link #accept()}
   */
  public CompletionStage<WskConnection> accept(ConnectionCallbacks callbacks) {
    return accept(callbacks, null);
  }

  /**
   * Takes the next incoming connection, whose events then call {@code callbacks} on {@code
   * executor}, one at a time.
   *
   * @param callbacks the connection's callbacks, or null for none
   * @param executor where the callbacks run (they may block there), or null for the handler actor
   * @return as {@link #accept()}
   */
  public CompletionStage<WskConnection> accept(ConnectionCallbacks callbacks, Executor executor) {
    CompletableFuture<WskConnection> result;
    ActorRef<Object> handler;
    try {
      handler =
          client.spawnHandler(
              "conn", WskConnection.class, WskConnection.events(callbacks), executor, null);
    } catch (RuntimeException e) {
      return CompletableFuture.<WskConnection>failedFuture(e).minimalCompletionStage();
    }
    result =
        Requests.<ListenSocket.Command, AcceptCompleted>ask(
                client.scheduler(),
                socket,
                "Accept",
                timeout,
                client.replyGrace(),
                replyTo -> new Accept(handler.narrow(), timeout, replyTo),
                null,
                "a connection accepted later is closed")
            .thenCompose(
                a -> {
                  WskConnection c =
                      new WskConnection(
                          client, a.socket(), a.localAddress(), a.remoteAddress(), timeout);
                  handler.tell(new CallbackActor.Attach(c));
                  return callbacks == null
                      ? CompletableFuture.completedFuture(c)
                      : c.enableCallbackEvents().thenApply(v -> c);
                });
    result.whenComplete(
        (c, failure) -> {
          if (failure != null) handler.tell(CallbackActor.Detach.INSTANCE);
        });
    return Requests.surface(result);
  }

  /** Enables the accept event. */
  CompletableFuture<Void> enableAcceptEvents() {
    return set(SocketOption.SO_WSK_EVENT_CALLBACK, EventCallbackControl.enable(WskEvent.ACCEPT));
  }

  @Override
  public String toString() {
    return "WskListener[" + localAddress + "]";
  }

  /**
   * The callback side of a listener's handler actor.
   *
   * @param callbacks the application's callbacks, or null to reject connections offered by event
   * @param executor the default executor of accepted connections' callbacks, or null
   */
  static CallbackActor.Events<WskListener> events(ListenCallbacks callbacks, Executor executor) {
    return new Events(callbacks == null ? c -> AcceptDecision.reject() : callbacks, executor);
  }

  private static final class Events implements CallbackActor.Events<WskListener> {
    private final ListenCallbacks callbacks;
    private final Executor executor;

    Events(ListenCallbacks callbacks, Executor executor) {
      this.callbacks = callbacks;
      this.executor = executor;
    }

    @Override
    public void handle(WskListener listener, Object event) {
      if (event instanceof AcceptEvent e) {
        onAccept(listener, e);
      } else if (event instanceof InspectEvent e) {
        // Conditional accept is not offered by the facade: every connection goes on to onAccept.
        e.replyTo().tell(InspectAction.ACCEPT);
      } else if (event instanceof SocketFailedEvent e) {
        try {
          callbacks.onFailure(listener, e.status());
        } catch (RuntimeException ex) {
          LOG.error("onFailure of {} failed", listener, ex);
        }
      } else if (!(event instanceof AbortEvent)) {
        LOG.debug("Unexpected message for {}: {}", listener, event);
      }
    }

    private void onAccept(WskListener listener, AcceptEvent e) {
      WskConnection connection =
          new WskConnection(
              listener.client,
              e.acceptSocket(),
              e.localAddress(),
              e.remoteAddress(),
              listener.timeout);
      AcceptDecision decision = null;
      try {
        decision = callbacks.onAccept(connection);
        if (decision == null) LOG.warn("onAccept of {} returned null; rejected", listener);
      } catch (RuntimeException ex) {
        LOG.error("onAccept of {} failed; the connection is rejected", listener, ex);
      } finally {
        e.replyTo().tell(response(listener, connection, decision));
      }
    }

    private AcceptEventResponse response(
        WskListener listener, WskConnection connection, AcceptDecision decision) {
      if (decision == null || !decision.accepted()) return AcceptEventResponse.reject();
      ConnectionCallbacks cb = decision.callbacks();
      Executor ex = decision.executor() != null ? decision.executor() : executor;
      ActorRef<ConnectionSocket.Event> handler;
      try {
        handler =
            listener
                .client
                .spawnHandler(
                    "conn",
                    WskConnection.class,
                    WskConnection.events(cb),
                    cb == null ? null : ex,
                    connection)
                .narrow();
      } catch (RuntimeException spawnFailed) {
        LOG.error("No handler for a connection of {}; rejected", listener, spawnFailed);
        return AcceptEventResponse.reject();
      }
      return cb == null
          ? AcceptEventResponse.accept(handler)
          : AcceptEventResponse.accept(
              handler, WskEvent.RECEIVE, WskEvent.DISCONNECT, WskEvent.SEND_BACKLOG);
    }

    @Override
    public void skip(Object event) {
      if (event instanceof AcceptEvent e) e.replyTo().tell(AcceptEventResponse.reject());
      else if (event instanceof InspectEvent e) e.replyTo().tell(InspectAction.REJECT);
    }
  }
}
