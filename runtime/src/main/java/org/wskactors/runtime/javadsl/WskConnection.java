package org.wskactors.runtime.javadsl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.Disconnect;
import org.wskactors.protocol.DisconnectCompleted;
import org.wskactors.protocol.DisconnectEvent;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.Receive;
import org.wskactors.protocol.ReceiveCompleted;
import org.wskactors.protocol.ReceiveEvent;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.Send;
import org.wskactors.protocol.SendBacklogEvent;
import org.wskactors.protocol.SendCompleted;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;

/**
 * A connected TCP socket ({@code ActorRef<ConnectionSocket.Command>}) seen as asynchronous Java:
 * every method sends one protocol request and returns a {@code CompletionStage} of its reply.
 *
 * <p>Obtained from {@link WskClient#connect}, {@link WskListener#accept()} or {@link
 * ListenCallbacks#onAccept}. Immutable and thread safe; requests made from several threads are sent
 * in the order they are made on each thread, and sends are written in the order the socket receives
 * them.
 *
 * <p>Stages complete on a Pekko dispatcher thread: continuations attached without an executor
 * ({@code thenApply}, {@code thenAccept}) run there and must not block; use the {@code ...Async}
 * variants with an executor for blocking work.
 */
public final class WskConnection extends WskSocket {
  private static final Logger LOG = LoggerFactory.getLogger(WskConnection.class);

  /** The events the facade enables on a connection with callbacks. */
  static final EventCallbackControl CALLBACK_EVENTS =
      EventCallbackControl.enable(WskEvent.RECEIVE, WskEvent.DISCONNECT, WskEvent.SEND_BACKLOG);

  /** Callbacks that do nothing and leave received bytes in the socket. */
  static final ConnectionCallbacks NO_CALLBACKS = new ConnectionCallbacks() {};

  private final ActorRef<ConnectionSocket.Command> socket;
  private final InetSocketAddress localAddress;
  private final InetSocketAddress remoteAddress;

  WskConnection(
      WskClient client,
      ActorRef<ConnectionSocket.Command> socket,
      InetSocketAddress localAddress,
      InetSocketAddress remoteAddress,
      Duration timeout) {
    super(client, socket.narrow(), socket.narrow(), timeout);
    this.socket = socket;
    this.localAddress = localAddress;
    this.remoteAddress = remoteAddress;
  }

  @Override
  ActorRef<?> ref() {
    return socket;
  }

  /**
   * The socket actor, for protocol requests the facade does not cover (e.g. {@code Ioctl}).
   *
   * @return the socket actor
   */
  public ActorRef<ConnectionSocket.Command> socket() {
    return socket;
  }

  /**
   * The connection's local address, as reported when it was connected or accepted.
   *
   * @return the local address
   */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /**
   * The peer's address, as reported when the connection was connected or accepted.
   *
   * @return the remote address
   */
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public WskConnection withTimeout(Duration timeout) {
    return new WskConnection(client, socket, localAddress, remoteAddress, checkTimeout(timeout));
  }

  /**
   * Sends bytes ({@code Send}, reply {@code SendCompleted}). Sends are queued in order and complete
   * when the transport has taken every byte.
   *
   * @param data the bytes
   * @return completes with the number of bytes sent (all of them); exceptionally with {@link
   *     WskException} when the socket refused or lost them (e.g. {@code
   *     STATUS_INSUFFICIENT_RESOURCES} when the send queue is full, {@code
   *     STATUS_CONNECTION_RESET}): its message and its {@code SendCompleted} reply say how many
   *     bytes were taken, the rest was not sent. {@link WskTimeoutException} when no reply came in
   *     time: whether the bytes were sent is then unknown.
   */
  public CompletionStage<Long> send(ByteString data) {
    Objects.requireNonNull(data, "data");
    int size = data.size();
    return Requests.surface(
        Requests.<ConnectionSocket.Command, SendCompleted>ask(
                client.scheduler(),
                socket,
                "Send",
                timeout,
                null,
                replyTo -> new Send(data, replyTo),
                r -> r.bytesSent() + " of " + size + " bytes were taken, the rest was not sent",
                "whether the " + size + " bytes were sent is unknown")
            .thenApply(SendCompleted::bytesSent));
  }

  /**
   * Sends a copy of {@code data}, as {@link #send(ByteString)}.
   *
   * @param data the bytes
   * @return as {@link #send(ByteString)}
   */
  public CompletionStage<Long> send(byte[] data) {
    return send(ByteString.fromArray(Objects.requireNonNull(data, "data")));
  }

  /**
   * Receives up to {@code maxBytes} ({@code Receive} with this view's timeout, reply {@code
   * ReceiveCompleted}). A pending receive is served before receive callbacks.
   *
   * @param maxBytes the most bytes to take, at least 1
   * @return completes with the bytes available (at least one), or with {@link
   *     Received#endOfStream()} true once the peer has closed its side and every byte was read;
   *     exceptionally with {@link WskTimeoutException} when no byte arrived within the timeout
   *     (nothing was taken), or {@link WskException} (e.g. {@code STATUS_CANCELLED} when the socket
   *     was closed meanwhile, {@code STATUS_CONNECTION_RESET})
   * @throws IllegalArgumentException when {@code maxBytes} is less than 1
   */
  public CompletionStage<Received> receive(int maxBytes) {
    return receive(maxBytes, WskFlags.NONE);
  }

  /**
   * Receives with flags, as {@link #receive(int)}: {@link WskFlags#WSK_FLAG_WAITALL} completes only
   * when {@code maxBytes} arrived (fewer only at the end of the stream or on failure); {@link
   * WskFlags#WSK_FLAG_DRAIN} with {@code maxBytes} 0 discards bytes until the peer closes.
   *
   * @param maxBytes the most bytes to take; at least 1, or 0 with {@code WSK_FLAG_DRAIN}
   * @param flags {@link WskFlags} values, ORed
   * @return as {@link #receive(int)}; unsupported flags fail with {@code STATUS_NOT_SUPPORTED}
   * @throws IllegalArgumentException when {@code maxBytes} is out of range
   */
  public CompletionStage<Received> receive(int maxBytes, int flags) {
    boolean drain = (flags & WskFlags.WSK_FLAG_DRAIN) != 0;
    if (maxBytes < (drain ? 0 : 1)) {
      throw new IllegalArgumentException("maxBytes must be at least 1: " + maxBytes);
    }
    return Requests.surface(
        Requests.<ConnectionSocket.Command, ReceiveCompleted>ask(
                client.scheduler(),
                socket,
                "Receive",
                timeout,
                client.replyGrace(),
                replyTo -> new Receive(maxBytes, flags, timeout, replyTo),
                null,
                "the receive may still complete later and its bytes would be lost")
            .thenApply(r -> new Received(r.data(), r.data().isEmpty())));
  }

  /**
   * Shuts down the sending side gracefully ({@code Disconnect}, reply {@code DisconnectCompleted}):
   * the FIN goes out after every queued send. Receiving stays possible.
   *
   * @return completes when the FIN was handed to the transport; exceptionally with {@link
   *     WskException} or {@link WskTimeoutException}
   */
  public CompletionStage<Void> disconnect() {
    return disconnect(null, WskFlags.NONE, "Disconnect");
  }

  /**
   * Sends {@code finalData}, then shuts down the sending side, as {@link #disconnect()}.
   *
   * @param finalData the last bytes to send
   * @return as {@link #disconnect()}
   */
  public CompletionStage<Void> disconnect(ByteString finalData) {
    return disconnect(Objects.requireNonNull(finalData, "finalData"), WskFlags.NONE, "Disconnect");
  }

  /**
   * Resets the connection ({@code Disconnect} with {@link WskFlags#WSK_FLAG_ABORTIVE}): queued
   * sends fail, both directions are dead. Close the connection afterwards.
   *
   * @return completes when the connection is down; exceptionally with {@link WskException} or
   *     {@link WskTimeoutException}
   */
  public CompletionStage<Void> abort() {
    return disconnect(null, WskFlags.WSK_FLAG_ABORTIVE, "Disconnect(abortive)");
  }

  private CompletionStage<Void> disconnect(ByteString finalData, int flags, String operation) {
    return Requests.surface(
        Requests.<ConnectionSocket.Command, DisconnectCompleted>ask(
                client.scheduler(),
                socket,
                operation,
                timeout,
                null,
                replyTo -> new Disconnect(finalData, flags, replyTo),
                null,
                null)
            .thenApply(done -> null));
  }

  /** Enables the events the callbacks need. */
  CompletableFuture<Void> enableCallbackEvents() {
    return set(SocketOption.SO_WSK_EVENT_CALLBACK, CALLBACK_EVENTS);
  }

  @Override
  public String toString() {
    return "WskConnection[" + localAddress + " -> " + remoteAddress + "]";
  }

  /**
   * The callback side of a connection's handler actor.
   *
   * @param callbacks the application's callbacks, or null for none
   */
  static CallbackActor.Events<WskConnection> events(ConnectionCallbacks callbacks) {
    return new Events(callbacks == null ? NO_CALLBACKS : callbacks);
  }

  private static final class Events implements CallbackActor.Events<WskConnection> {
    private final ConnectionCallbacks callbacks;

    Events(ConnectionCallbacks callbacks) {
      this.callbacks = callbacks;
    }

    @Override
    public void handle(WskConnection connection, Object event) {
      if (event instanceof ReceiveEvent e) {
        onReceive(connection, e);
      } else {
        try {
          if (event instanceof DisconnectEvent e) {
            if (e.abortive()) callbacks.onAbort(connection);
            else callbacks.onDisconnect(connection);
          } else if (event instanceof SendBacklogEvent e) {
            callbacks.onSendBacklog(connection, e.idealBacklogSize());
          } else if (event instanceof SocketFailedEvent e) {
            callbacks.onFailure(connection, e.status());
          } else {
            LOG.debug("Unexpected message for {}: {}", connection, event);
          }
        } catch (RuntimeException ex) {
          LOG.error("Callback of {} failed on {}", connection, event, ex);
        }
      }
    }

    private void onReceive(WskConnection connection, ReceiveEvent e) {
      ReceiveDecision decision = null;
      try {
        decision = callbacks.onReceive(connection, e.data());
        if (decision == null) {
          LOG.warn("onReceive of {} returned null; the bytes stay in the socket", connection);
        }
      } catch (RuntimeException ex) {
        LOG.error("onReceive of {} failed; the bytes stay in the socket", connection, ex);
      } finally {
        if (decision == null) decision = ReceiveDecision.notAccepted();
        e.replyTo().tell(decision.toResponse());
        CompletionStage<?> until = decision.retainedUntil();
        if (until != null) {
          ActorRef<ConnectionSocket.Command> socket = e.socket();
          long id = e.indicationId();
          until.whenComplete((v, t) -> socket.tell(new Release(id)));
        }
      }
    }

    @Override
    public void skip(Object event) {
      if (event instanceof ReceiveEvent e) e.replyTo().tell(ReceiveEventResponse.notAccepted());
    }
  }
}
