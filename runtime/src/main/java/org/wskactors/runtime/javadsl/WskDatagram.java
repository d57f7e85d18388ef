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
import org.wskactors.protocol.DatagramIndication;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.ReceiveFrom;
import org.wskactors.protocol.ReceiveFromCompleted;
import org.wskactors.protocol.ReceiveFromEvent;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.SendToCompleted;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;

/**
 * A bound UDP socket ({@code ActorRef<DatagramSocket.Command>}) seen as asynchronous Java. Obtained
 * from {@link WskClient#openDatagram}; datagrams are read with {@link #receiveFrom(int)} or, when
 * the socket was opened with {@link DatagramCallbacks}, through {@link
 * DatagramCallbacks#onDatagram}. A pending {@link #receiveFrom(int)} is served before the
 * callbacks.
 *
 * <p>Immutable and thread safe. Stages complete on a Pekko dispatcher thread (see {@link
 * WskConnection}).
 */
public final class WskDatagram extends WskSocket {
  private static final Logger LOG = LoggerFactory.getLogger(WskDatagram.class);

  private final ActorRef<DatagramSocket.Command> socket;
  private final InetSocketAddress localAddress;

  WskDatagram(
      WskClient client,
      ActorRef<DatagramSocket.Command> socket,
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
   * The socket actor, for protocol requests the facade does not cover (e.g. {@code Ioctl}).
   *
   * @return the socket actor
   */
  public ActorRef<DatagramSocket.Command> socket() {
    return socket;
  }

  /**
   * The address the socket is bound to, with the real port when port 0 was asked for.
   *
   * @return the bound address
   */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  @Override
  public WskDatagram withTimeout(Duration timeout) {
    return new WskDatagram(client, socket, localAddress, checkTimeout(timeout));
  }

  /**
   * Sends one datagram ({@code SendTo}, reply {@code SendToCompleted}).
   *
   * @param data the datagram, at most 65,507 bytes over IPv4 and 65,527 over IPv6
   * @param remoteAddress the destination
   * @return completes with the number of bytes sent; exceptionally with {@link WskException} when
   *     the datagram was not sent (e.g. {@code STATUS_INVALID_PARAMETER} when too large, {@code
   *     STATUS_INSUFFICIENT_RESOURCES} when the send queue is full), or {@link WskTimeoutException}
   *     when no reply came in time (whether it was sent is unknown)
   */
  public CompletionStage<Long> sendTo(ByteString data, InetSocketAddress remoteAddress) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    int size = data.size();
    return Requests.surface(
        Requests.<DatagramSocket.Command, SendToCompleted>ask(
                client.scheduler(),
                socket,
                "SendTo",
                timeout,
                null,
                replyTo -> new SendTo(data, remoteAddress, WskFlags.NONE, replyTo),
                r -> "the datagram of " + size + " bytes was not sent",
                "whether the datagram of " + size + " bytes was sent is unknown")
            .thenApply(SendToCompleted::bytesSent));
  }

  /**
   * Sends a copy of {@code data} as one datagram, as {@link #sendTo(ByteString,
   * InetSocketAddress)}.
   *
   * @param data the datagram
   * @param remoteAddress the destination
   * @return as {@link #sendTo(ByteString, InetSocketAddress)}
   */
  public CompletionStage<Long> sendTo(byte[] data, InetSocketAddress remoteAddress) {
    return sendTo(ByteString.fromArray(Objects.requireNonNull(data, "data")), remoteAddress);
  }

  /**
   * Receives one datagram ({@code ReceiveFrom} with this view's timeout, reply {@code
   * ReceiveFromCompleted}).
   *
   * @param maxBytes the most bytes to take; a larger datagram is cut ({@link
   *     ReceivedDatagram#truncated()})
   * @return completes with the datagram and its sender; exceptionally with {@link
   *     WskTimeoutException} when none arrived within the timeout, or {@link WskException} (e.g.
   *     {@code STATUS_CANCELLED} when the socket was closed meanwhile)
   * @throws IllegalArgumentException when {@code maxBytes} is less than 1
   */
  public CompletionStage<ReceivedDatagram> receiveFrom(int maxBytes) {
    if (maxBytes < 1)
      throw new IllegalArgumentException("maxBytes must be at least 1: " + maxBytes);
    return Requests.surface(
        Requests.<DatagramSocket.Command, ReceiveFromCompleted>ask(
                client.scheduler(),
                socket,
                "ReceiveFrom",
                timeout,
                client.replyGrace(),
                replyTo -> new ReceiveFrom(maxBytes, WskFlags.NONE, timeout, replyTo),
                null,
                "the receive may still complete later and its datagram would be lost")
            .thenApply(r -> new ReceivedDatagram(r.data(), r.remoteAddress(), r.controlFlags())));
  }

  /** Enables the receive-from event. */
  CompletableFuture<Void> enableReceiveEvents() {
    return set(
        SocketOption.SO_WSK_EVENT_CALLBACK, EventCallbackControl.enable(WskEvent.RECEIVE_FROM));
  }

  @Override
  public String toString() {
    return "WskDatagram[" + localAddress + "]";
  }

  /**
   * The callback side of a datagram socket's handler actor.
   *
   * @param callbacks the application's callbacks, or null for none (datagrams offered by event then
   *     stay in the socket for {@link #receiveFrom(int)})
   */
  static CallbackActor.Events<WskDatagram> events(DatagramCallbacks callbacks) {
    return new Events(callbacks);
  }

  private static final class Events implements CallbackActor.Events<WskDatagram> {
    private final DatagramCallbacks callbacks;

    Events(DatagramCallbacks callbacks) {
      this.callbacks = callbacks;
    }

    @Override
    public void handle(WskDatagram socket, Object event) {
      if (event instanceof ReceiveFromEvent e) {
        onReceiveFrom(socket, e);
      } else if (event instanceof SocketFailedEvent e) {
        if (callbacks == null) return;
        try {
          callbacks.onFailure(socket, e.status());
        } catch (RuntimeException ex) {
          LOG.error("onFailure of {} failed", socket, ex);
        }
      } else {
        LOG.debug("Unexpected message for {}: {}", socket, event);
      }
    }

    private void onReceiveFrom(WskDatagram socket, ReceiveFromEvent e) {
      if (callbacks == null) {
        skip(e);
        return;
      }
      try {
        for (DatagramIndication d : e.datagrams()) {
          try {
            callbacks.onDatagram(socket, d.data(), d.remoteAddress());
          } catch (RuntimeException ex) {
            LOG.error(
                "onDatagram of {} failed on a datagram from {}", socket, d.remoteAddress(), ex);
          }
        }
      } finally {
        e.replyTo().tell(ReceiveEventResponse.consumed());
      }
    }

    @Override
    public void skip(Object event) {
      if (event instanceof ReceiveFromEvent e) e.replyTo().tell(ReceiveEventResponse.notAccepted());
    }
  }
}
