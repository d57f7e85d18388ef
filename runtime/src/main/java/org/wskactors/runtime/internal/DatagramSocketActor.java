package org.wskactors.runtime.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.io.Inet;
import org.apache.pekko.io.Udp;
import org.apache.pekko.io.UdpMessage;
import org.apache.pekko.util.ByteString;
import org.wskactors.protocol.AddressCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.Bind;
import org.wskactors.protocol.BindCompleted;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.DatagramIndication;
import org.wskactors.protocol.DatagramSocket;
import org.wskactors.protocol.EventCallbackControl;
import org.wskactors.protocol.GetLocalAddress;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.MulticastGroup;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.ReceiveEventResponse;
import org.wskactors.protocol.ReceiveFrom;
import org.wskactors.protocol.ReceiveFromCompleted;
import org.wskactors.protocol.ReceiveFromEvent;
import org.wskactors.protocol.Release;
import org.wskactors.protocol.ReleaseCompleted;
import org.wskactors.protocol.SendMessages;
import org.wskactors.protocol.SendMessagesCompleted;
import org.wskactors.protocol.SendTo;
import org.wskactors.protocol.SendToCompleted;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketFailedEvent;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskSettings;

/**
 * INTERNAL API: the datagram (UDP) socket. Its public face is {@code
 * ActorRef<DatagramSocket.Command>}; inside it also takes Pekko IO UDP events, read selector
 * messages and private messages.
 *
 * <p><b>Two transports.</b> With {@code wsk-actors.datagram.channel-on-loop} on (the default) the
 * channel is the runtime's own: the socket binds it itself and registers it with a {@link
 * ReadSelector}, which receives datagrams and finishes waiting sends; no Pekko IO actor is
 * involved. Off, Pekko IO UDP binds and reads it. Both paths share everything else below.
 *
 * <p><b>Bind.</b> The socket opens a {@link DatagramChannel} of its family ({@link
 * UdpChannelCapture}). On the loop it applies the options set before bind, binds and replies at
 * once. Through Pekko IO it binds with itself as handler; the sender of {@code Udp.Bound} is Pekko
 * IO's socket actor, which the socket watches, and options set before bind go to Pekko IO as bind
 * options. Multicast membership and options go to the channel.
 *
 * <p><b>Send path.</b> An ordered queue of {@link SendTo} and {@link SendMessages} requests, one
 * datagram in flight at a time. Each datagram is first written directly to the non-blocking
 * channel: Pekko IO's UDP socket actor lets an exception of a send escape, which stops it and
 * closes the port, so a send refused by the kernel (broadcast without {@code SO_BROADCAST}, no
 * route, ...) would otherwise kill the socket; written directly, it completes that request with a
 * mapped status and the queue goes on. When the kernel's send buffer is full (the write takes
 * nothing) the queue waits for the channel to become writable: on the loop the read selector tells
 * the socket and it writes the datagram again; through Pekko IO the datagram goes as {@code
 * Udp.Send} with an ack. A datagram the kernel still has no room for once the channel is writable
 * completes its request with {@code STATUS_INSUFFICIENT_RESOURCES}. Queued bytes are bounded by
 * {@code send-queue-limit}.
 *
 * <p><b>Receive path.</b> Posted {@link ReceiveFrom}s are served first, one datagram each. Then,
 * with {@link WskEvent#RECEIVE_FROM} enabled and not paused, one {@link ReceiveFromEvent} at a time
 * carries every queued datagram. Bytes queued plus bytes indicated and not yet consumed or released
 * count against {@code receive-window}; when it is full the socket stops reading so the kernel
 * drops datagrams, as UDP does. On the loop the window is credit: the socket grants the read
 * selector the bytes it has room for, and the selector receives whole datagrams while the credit
 * lasts (the last may cross it, by less than one datagram), many per {@link
 * ReadSelector.DatagramsRead}. Through Pekko IO datagrams arrive one per {@code Udp.Received}, and
 * Pekko IO re-enables reading after each batch it reads, so a few can still arrive while reading is
 * suspended: those that would pass the window are dropped here and counted. A datagram a posted
 * {@code ReceiveFrom} waits for is always taken.
 *
 * <p><b>What Java cannot see.</b> The destination address of a received datagram is not visible, so
 * {@link WskFlags#MSG_BCAST} and {@link WskFlags#MSG_MCAST} are never set. Java has no {@code
 * IPV6_V6ONLY}: its IPv6 channels are dual-stack, so <i>on</i> (the default) is emulated by
 * dropping datagrams from IPv4 senders and refusing IPv4 destinations. Datagrams dropped by the
 * kernel are not visible either; those dropped here (remote-address filter, {@code IPV6_V6ONLY},
 * window) are counted and logged at DEBUG when the socket closes.
 */
public final class DatagramSocketActor extends AbstractBehavior<Object> {

  // ---- private messages ----------------------------------------------------------------------

  /** Pekko IO took a datagram handed to it with {@code Udp.Send}. */
  enum SendAck implements Udp.Event {
    INSTANCE
  }

  private record ReceiveTimedOut(PendingReceive receive) {}

  /** Read selector to socket (channel on the loop): the channel can take a datagram again. */
  private enum Writable {
    INSTANCE
  }

  /** Read selector to socket (channel on the loop): the channel is closed and its port free. */
  private enum ChannelClosed {
    INSTANCE
  }

  /** A queued SendTo (one datagram) or SendMessages (several). */
  private static final class PendingSend {
    final List<ByteString> datagrams;
    final InetSocketAddress target;
    final ActorRef<SendToCompleted> sendToReplyTo;
    final ActorRef<SendMessagesCompleted> messagesReplyTo;
    final long totalBytes;
    int next;
    long bytesSent;

    /** The indication answered by this send (a {@code RetainedUntilSentTo}), 0 for none. */
    long answers;

    PendingSend(
        List<ByteString> datagrams,
        InetSocketAddress target,
        ActorRef<SendToCompleted> sendToReplyTo,
        ActorRef<SendMessagesCompleted> messagesReplyTo) {
      this.datagrams = datagrams;
      this.target = target;
      this.sendToReplyTo = sendToReplyTo;
      this.messagesReplyTo = messagesReplyTo;
      long total = 0;
      for (ByteString d : datagrams) total += d.size();
      this.totalBytes = total;
    }

    boolean done() {
      return next >= datagrams.size();
    }

    ByteString current() {
      return datagrams.get(next);
    }

    void complete(WskStatus status) {
      if (sendToReplyTo != null) {
        sendToReplyTo.tell(new SendToCompleted(status, status.isSuccess() ? bytesSent : 0));
      } else {
        messagesReplyTo.tell(new SendMessagesCompleted(status, next, bytesSent));
      }
    }
  }

  private static final class PendingReceive {
    final ReceiveFrom request;

    PendingReceive(ReceiveFrom request) {
      this.request = request;
    }
  }

  private record Indication(long id, List<DatagramIndication> datagrams, long bytes) {}

  private enum State {
    OPEN,
    BINDING,
    BOUND
  }

  // ---- factory -------------------------------------------------------------------------------

  /**
   * A new, unbound datagram socket.
   *
   * @param settings runtime settings
   * @param family its address family
   * @param handler its event handler; its stop closes the socket
   * @param staticEvents events enabled from the start (client static event callbacks); only {@link
   *     WskEvent#RECEIVE_FROM} applies to datagram sockets
   */
  public static Behavior<Object> create(
      WskSettings settings,
      AddressFamily family,
      ActorRef<DatagramSocket.Event> handler,
      Set<WskEvent> staticEvents) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  DatagramSocketActor a =
                      new DatagramSocketActor(ctx, timers, settings, family, handler);
                  if (staticEvents.contains(WskEvent.RECEIVE_FROM)) {
                    a.enabled.add(WskEvent.RECEIVE_FROM);
                  }
                  return a;
                }));
  }

  // ---- state ---------------------------------------------------------------------------------

  private final TimerScheduler<Object> timers;
  private final WskSettings settings;
  private final AddressFamily family;
  private final ActorRef<DatagramSocket.Command> self;
  private final org.apache.pekko.actor.ActorRef classicSelf;
  private final Map<SocketOption<?>, Object> options = new HashMap<>();
  private final Set<WskEvent> enabled = EnumSet.noneOf(WskEvent.class);

  private ActorRef<DatagramSocket.Event> handler;
  private State state = State.OPEN;
  private ActorRef<BindCompleted> bindReplyTo;
  private InetSocketAddress bindAddress;
  private InetSocketAddress localAddress;
  private UdpChannelCapture channel;
  private org.apache.pekko.actor.ActorRef udpSocket;
  private boolean udpSocketTerminated;

  // channel on the loop (datagram.channel-on-loop): its read selector and registration
  private ReadSelector readSelector;
  private ReadSelector.Registration reader;

  /** Bytes granted to the reader and not yet received; below 0 when a datagram crossed it. */
  private long granted;

  /** The queue's head is being written again after the channel became writable. */
  private boolean retryingAfterWritable;

  // destinations
  private InetSocketAddress remoteAddress; // SIO_WSK_SET_REMOTE_ADDRESS: destination and filter
  private InetSocketAddress sendToAddress; // SIO_WSK_SET_SENDTO_ADDRESS: destination only
  private final Map<MulticastGroup, MembershipKey> memberships = new LinkedHashMap<>();

  // send
  private final ArrayDeque<PendingSend> sendQueue = new ArrayDeque<>();
  private long queuedSendBytes;
  private boolean sendInFlight;

  // receive
  private final ArrayDeque<DatagramIndication> received = new ArrayDeque<>();
  private long receivedBytes;
  private long indicatedBytes;
  private final ArrayDeque<PendingReceive> receives = new ArrayDeque<>();
  private Indication currentIndication;
  private final Map<Long, Long> retained = new HashMap<>();

  /** Retained indications answered by SendTos: the sends not yet done (+1 while queuing them). */
  private final Map<Long, Integer> answering = new HashMap<>(4);

  private long nextIndicationId = 1;
  private boolean receiveEventsPaused;
  private boolean readingSuspended;
  private final WskMetrics metrics;
  private long droppedByFilter;
  private long droppedByV6Only;
  private long droppedByWindow;

  // close
  private final List<ActorRef<CloseCompleted>> closeReplyTos = new ArrayList<>();
  private boolean closing;
  private boolean closedNormally;

  private DatagramSocketActor(
      ActorContext<Object> ctx,
      TimerScheduler<Object> timers,
      WskSettings settings,
      AddressFamily family,
      ActorRef<DatagramSocket.Event> handler) {
    super(ctx);
    this.timers = timers;
    this.settings = settings;
    this.metrics = WskMetrics.get(ctx.getSystem());
    this.family = family;
    this.self = ctx.getSelf().narrow();
    this.classicSelf = Adapter.toClassic(ctx.getSelf());
    this.handler = handler;
    ctx.watch(handler);
  }

  // ---- dispatch table ------------------------------------------------------------------------

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Object.class, Requests::lacksReplyTo, m -> Requests.dropped(getContext(), m))
        .onMessage(Bind.class, this::onBind)
        .onMessage(Udp.Bound.class, this::onBound)
        .onMessage(Udp.CommandFailed.class, this::onCommandFailed)
        .onMessage(SendTo.class, this::onSendTo)
        .onMessage(SendMessages.class, this::onSendMessages)
        .onMessage(SendAck.class, m -> onSendAck())
        .onMessage(ReceiveFrom.class, this::onReceiveFrom)
        .onMessage(ReceiveTimedOut.class, this::onReceiveTimedOut)
        .onMessage(Udp.Received.class, this::onReceived)
        .onMessage(ReadSelector.DatagramsRead.class, this::onDatagramsRead)
        .onMessage(ReadSelector.Failed.class, this::onReadFailed)
        .onMessage(Writable.class, m -> onWritable())
        .onMessage(ChannelClosed.class, m -> finishClose())
        .onMessage(ReceiveEventResponse.class, this::onReceiveEventResponse)
        .onMessage(Release.class, this::onRelease)
        .onMessage(GetLocalAddress.class, this::onGetLocalAddress)
        .onMessage(SetOption.class, this::onSetOption)
        .onMessage(GetOption.class, this::onGetOption)
        .onMessage(Ioctl.class, this::onIoctl)
        .onMessage(CloseSocket.class, m -> startClose(m.replyTo()))
        .onMessage(ConnectionSocketActor.ForceClose.class, m -> startClose(null))
        .onMessage(Udp.Unbound.class, m -> this)
        .onMessage(
            FaultInjection.Crash.class,
            m -> {
              throw new FaultInjection.InjectedFailure();
            })
        .onSignal(Terminated.class, this::onTerminated)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  // ---- bind ----------------------------------------------------------------------------------

  private Behavior<Object> onBind(Bind m) {
    WskStatus bad;
    if (closing) bad = WskStatus.STATUS_CANCELLED;
    else if (state != State.OPEN) bad = WskStatus.STATUS_INVALID_DEVICE_STATE;
    else bad = Addresses.checkLocal(m.localAddress(), family);
    if (bad == null) {
      try {
        channel = UdpChannelCapture.open(family);
      } catch (IOException | UnsupportedOperationException e) {
        log().debug("No {} datagram channel: {}", family, e.toString());
        bad = WskStatus.STATUS_NOT_SUPPORTED;
      }
    }
    if (bad != null) {
      m.replyTo().tell(new BindCompleted(bad, null));
      return this;
    }
    bindReplyTo = m.replyTo();
    bindAddress = m.localAddress();
    if (settings.datagramChannelOnLoop()) return bindOnLoop();
    state = State.BINDING;
    List<Inet.SocketOption> opts = new ArrayList<>(UdpOptions.beforeBind(options));
    opts.add(channel);
    Udp.get(getContext().getSystem())
        .manager()
        .tell(UdpMessage.bind(classicSelf, m.localAddress(), opts), classicSelf);
    return this;
  }

  /**
   * Binds the channel here, as Pekko IO's UDP listener would (the options before bind on its
   * socket, bind, then the options after bind), and registers it with a read selector.
   */
  private Behavior<Object> bindOnLoop() {
    DatagramChannel dc = channel.channel();
    InetSocketAddress bound;
    try {
      dc.configureBlocking(false);
      List<Inet.SocketOption> opts = UdpOptions.beforeBind(options);
      for (Inet.SocketOption o : opts) o.beforeDatagramBind(dc.socket());
      dc.bind(bindAddress);
      for (Inet.SocketOption o : opts) {
        if (o instanceof Inet.SocketOptionV2 v2) v2.afterBind(dc.socket());
      }
      bound = (InetSocketAddress) dc.getLocalAddress();
    } catch (IOException | RuntimeException e) {
      WskStatus status = Statuses.of(e, WskStatus.STATUS_ADDRESS_ALREADY_EXISTS);
      log().debug("Bind to [{}] failed: {} ({})", bindAddress, status, e.toString());
      channel.closeQuietly();
      channel = null;
      bindReplyTo.tell(new BindCompleted(status, null));
      bindReplyTo = null;
      return this;
    }
    readSelector = ReadSelectors.get(getContext().getSystem()).next();
    reader = readSelector.registerDatagrams(dc, getContext().getSelf());
    return bound(bound);
  }

  private Behavior<Object> onBound(Udp.Bound m) {
    udpSocket = Adapter.toClassic(getContext()).sender();
    getContext().watch(Adapter.toTyped(udpSocket));
    return bound(m.localAddress());
  }

  private Behavior<Object> bound(InetSocketAddress address) {
    localAddress = address;
    state = State.BOUND;
    WskStatus applied = UdpOptions.applyAll(channel.channel(), options);
    if (!applied.isSuccess()) {
      log().debug("Multicast options not applied at bind: {}", applied);
    }
    bindReplyTo.tell(new BindCompleted(WskStatus.STATUS_SUCCESS, localAddress));
    bindReplyTo = null;
    if (closing) return closeTransport();
    log().debug("Datagram socket bound to [{}]", localAddress);
    pump();
    return this;
  }

  private Behavior<Object> onCommandFailed(Udp.CommandFailed m) {
    if (m.cmd() instanceof Udp.Bind) {
      if (state != State.BINDING) return this;
      WskStatus status = UdpOptions.diagnoseBindFailure(family, bindAddress, options);
      log().debug("Bind to [{}] failed: {}", bindAddress, status);
      channel.closeQuietly();
      channel = null;
      state = State.OPEN;
      bindReplyTo.tell(new BindCompleted(status, null));
      bindReplyTo = null;
      return closing ? finishClose() : this;
    }
    if (m.cmd() instanceof Udp.Send && sendInFlight) {
      // Pekko IO found the channel writable and still could not send: the kernel has no room.
      sendInFlight = false;
      failHeadSend(WskStatus.STATUS_INSUFFICIENT_RESOURCES);
      flushSends();
    }
    return this;
  }

  private Behavior<Object> onGetLocalAddress(GetLocalAddress m) {
    m.replyTo()
        .tell(
            state == State.BOUND
                ? new AddressCompleted(WskStatus.STATUS_SUCCESS, localAddress)
                : new AddressCompleted(WskStatus.STATUS_INVALID_DEVICE_STATE, null));
    return this;
  }

  // ---- send ----------------------------------------------------------------------------------

  private boolean isDualStack() {
    return UdpOptions.dualStack(family, options);
  }

  private InetSocketAddress defaultDestination() {
    return remoteAddress != null ? remoteAddress : sendToAddress;
  }

  /** Null when a send of {@code bytes} bytes to {@code remote} may be queued, else the status. */
  private WskStatus checkSend(InetSocketAddress remote, int flags, long bytes) {
    if (flags != WskFlags.NONE) return WskStatus.STATUS_NOT_SUPPORTED;
    if (closing) return WskStatus.STATUS_CANCELLED;
    if (state != State.BOUND) return WskStatus.STATUS_INVALID_DEVICE_STATE;
    InetSocketAddress target = remote != null ? remote : defaultDestination();
    if (target == null) return WskStatus.STATUS_INVALID_DEVICE_STATE;
    WskStatus bad = UdpOptions.checkDestination(target, family, isDualStack());
    if (bad != null) return bad;
    if (queuedSendBytes > 0 && queuedSendBytes + bytes > settings.datagramSendQueueLimit()) {
      metrics.sendQueueRejections.increment();
      return WskStatus.STATUS_INSUFFICIENT_RESOURCES;
    }
    return null;
  }

  private Behavior<Object> onSendTo(SendTo m) {
    sendTo(m, 0);
    return this;
  }

  /**
   * Validates and queues a SendTo; {@code answers}: the indication it answers, or 0.
   *
   * @return whether it was queued (else it was completed with its error)
   */
  private boolean sendTo(SendTo m, long answers) {
    InetSocketAddress target = m.remoteAddress() != null ? m.remoteAddress() : defaultDestination();
    WskStatus bad;
    if (m.data() == null) bad = WskStatus.STATUS_INVALID_PARAMETER;
    else if (m.data().size() > UdpOptions.maxDatagram(target, family)) {
      bad = WskStatus.STATUS_INVALID_PARAMETER;
    } else bad = checkSend(m.remoteAddress(), m.flags(), m.data().size());
    if (bad != null) {
      m.replyTo().tell(new SendToCompleted(bad, 0));
      return false;
    }
    PendingSend s = new PendingSend(List.of(m.data()), target, m.replyTo(), null);
    s.answers = answers;
    enqueueSend(s);
    return true;
  }

  /**
   * One answer of a {@code RetainedUntilSentTo} indication is done (or the guard held while its
   * sends are queued): the last one releases the indication and pumps.
   */
  private void answerDone(long id) {
    if (id == 0) return;
    Integer left = answering.get(id);
    if (left == null) return;
    if (left > 1) {
      answering.put(id, left - 1);
      return;
    }
    answering.remove(id);
    releaseRetained(id);
    pump();
  }

  /** Gives a retained indication's bytes back to the window; whether {@code id} was retained. */
  private boolean releaseRetained(long id) {
    Long bytes = retained.remove(id);
    if (bytes != null) indicatedBytes -= bytes;
    return bytes != null;
  }

  private Behavior<Object> onSendMessages(SendMessages m) {
    InetSocketAddress target = m.remoteAddress() != null ? m.remoteAddress() : defaultDestination();
    WskStatus bad = null;
    long bytes = 0;
    if (m.datagrams() == null || m.datagrams().isEmpty()) {
      bad = WskStatus.STATUS_INVALID_PARAMETER;
    } else {
      int max = UdpOptions.maxDatagram(target, family);
      for (ByteString d : m.datagrams()) {
        // The whole request is refused for one datagram that is null or too big.
        if (d == null || d.size() > max) bad = WskStatus.STATUS_INVALID_PARAMETER;
        else bytes += d.size();
      }
    }
    if (bad == null) bad = checkSend(m.remoteAddress(), m.flags(), bytes);
    if (bad != null) {
      m.replyTo().tell(new SendMessagesCompleted(bad, 0, 0));
      return this;
    }
    enqueueSend(new PendingSend(m.datagrams(), target, null, m.replyTo()));
    return this;
  }

  private void enqueueSend(PendingSend s) {
    sendQueue.add(s);
    queuedSendBytes += s.totalBytes;
    flushSends();
  }

  /** Sends queued datagrams in order until the queue is empty or one waits for Pekko IO. */
  private void flushSends() {
    while (!sendInFlight && !sendQueue.isEmpty() && !closing) {
      PendingSend head = sendQueue.peek();
      if (head.done()) {
        sendQueue.poll();
        queuedSendBytes -= head.totalBytes;
        head.complete(WskStatus.STATUS_SUCCESS);
        answerDone(head.answers);
        continue;
      }
      ByteString datagram = head.current();
      try {
        int written = channel.channel().send(datagram.asByteBuffer(), head.target);
        if (written == 0 && !datagram.isEmpty()) {
          if (reader == null) {
            // The kernel's send buffer is full: Pekko IO waits until the channel is writable.
            sendInFlight = true;
            udpSocket.tell(UdpMessage.send(datagram, head.target, SendAck.INSTANCE), classicSelf);
            return;
          }
          if (retryingAfterWritable) {
            // Writable, and still no room for this datagram: as Pekko IO's CommandFailed.
            retryingAfterWritable = false;
            failHeadSend(WskStatus.STATUS_INSUFFICIENT_RESOURCES);
            continue;
          }
          // The kernel's send buffer is full: the read selector says when the channel is writable.
          sendInFlight = true;
          ActorRef<Object> me = getContext().getSelf();
          reader.whenWritable(() -> me.tell(Writable.INSTANCE));
          return;
        }
        retryingAfterWritable = false;
        datagramSent(head);
      } catch (IOException | RuntimeException e) {
        WskStatus status = UdpOptions.sendFailure(e);
        log().debug("Send to [{}] failed: {} ({})", head.target, status, e.toString());
        failHeadSend(status);
      }
    }
  }

  private void datagramSent(PendingSend head) {
    metrics.datagramsSent.increment();
    head.bytesSent += head.current().size();
    head.next++;
  }

  private Behavior<Object> onSendAck() {
    if (!sendInFlight) return this;
    sendInFlight = false;
    PendingSend head = sendQueue.peek();
    if (head != null) datagramSent(head);
    flushSends();
    return this;
  }

  private Behavior<Object> onWritable() {
    if (!sendInFlight) return this;
    sendInFlight = false;
    retryingAfterWritable = true;
    flushSends();
    return this;
  }

  private void failHeadSend(WskStatus status) {
    PendingSend head = sendQueue.poll();
    if (head == null) return;
    queuedSendBytes -= head.totalBytes;
    head.complete(status);
    answerDone(head.answers);
  }

  // ---- receive -------------------------------------------------------------------------------

  private Behavior<Object> onReceiveFrom(ReceiveFrom m) {
    WskStatus bad = null;
    if (m.flags() != WskFlags.NONE) bad = WskStatus.STATUS_NOT_SUPPORTED;
    else if (m.maxBytes() < 0) bad = WskStatus.STATUS_INVALID_PARAMETER;
    else if (m.timeout() != null && (m.timeout().isNegative() || m.timeout().isZero())) {
      bad = WskStatus.STATUS_INVALID_PARAMETER;
    } else if (closing) bad = WskStatus.STATUS_CANCELLED;
    else if (state != State.BOUND) bad = WskStatus.STATUS_INVALID_DEVICE_STATE;
    if (bad != null) {
      m.replyTo().tell(new ReceiveFromCompleted(bad, ByteString.emptyByteString(), null, 0));
      return this;
    }
    PendingReceive r = new PendingReceive(m);
    receives.add(r);
    receiveEventsPaused = false; // a posted receive re-arms paused receive-from events
    Duration timeout = m.timeout();
    if (timeout != null) timers.startSingleTimer(r, new ReceiveTimedOut(r), timeout);
    pump();
    return this;
  }

  private Behavior<Object> onReceiveTimedOut(ReceiveTimedOut m) {
    if (receives.remove(m.receive())) {
      m.receive()
          .request
          .replyTo()
          .tell(
              new ReceiveFromCompleted(
                  WskStatus.STATUS_IO_TIMEOUT, ByteString.emptyByteString(), null, 0));
      updateReading();
    }
    return this;
  }

  /** The bytes a datagram holds in the receive window: its size, at least 1. */
  private static long charge(DatagramIndication d) {
    return Math.max(1, d.data().size());
  }

  private long heldBytes() {
    return receivedBytes + indicatedBytes;
  }

  /**
   * Whether a datagram from {@code sender} passes the socket's filters ({@code IPV6_V6ONLY}, the
   * remote address); counts it as received, and as dropped when it does not pass.
   */
  private boolean passes(InetSocketAddress sender) {
    metrics.datagramsReceived.increment();
    if (Addresses.refusedByV6Only(family, options, sender)) {
      droppedByV6Only++;
      metrics.datagramsDropped.increment();
      return false;
    }
    if (remoteAddress != null && !remoteAddress.equals(sender)) {
      droppedByFilter++;
      metrics.datagramsDropped.increment();
      return false;
    }
    return true;
  }

  /** Datagrams the read selector received within the granted credit (channel on the loop). */
  private Behavior<Object> onDatagramsRead(ReadSelector.DatagramsRead m) {
    boolean open = state == State.BOUND && !closing;
    for (DatagramIndication d : m.datagrams()) {
      granted -= charge(d);
      if (open && passes(d.remoteAddress())) {
        received.add(d);
        receivedBytes += charge(d);
      }
    }
    if (open) pump();
    return this;
  }

  /** The channel's receive failed (channel on the loop): the transport is lost, as in Pekko IO. */
  private Behavior<Object> onReadFailed(ReadSelector.Failed m) {
    if (closing) return this;
    log().warn("Datagram receive on [{}] failed: {}", localAddress, m.cause().toString());
    return Behaviors.stopped(); // PostStop closes the channel, fails requests, tells the handler
  }

  private Behavior<Object> onReceived(Udp.Received m) {
    if (state != State.BOUND || closing) return this;
    InetSocketAddress sender = m.sender();
    if (!passes(sender)) return this;
    if (receives.isEmpty() && heldBytes() >= settings.datagramReceiveWindow()) {
      // Pekko IO read a batch before the suspension took effect: the window decides, as the
      // kernel's buffer would. Pekko IO re-enables reading after each batch, so suspend again.
      droppedByWindow++;
      metrics.datagramsDropped.increment();
      readingSuspended = true;
      udpSocket.tell(UdpMessage.suspendReading(), classicSelf);
      return this;
    }
    DatagramIndication d = new DatagramIndication(m.data(), sender, 0);
    received.add(d);
    receivedBytes += charge(d);
    pump();
    return this;
  }

  private Behavior<Object> onReceiveEventResponse(ReceiveEventResponse m) {
    Indication ind = currentIndication;
    if (ind == null) {
      log().debug("Reply [{}] without an outstanding receive-from event ignored", m);
      // Answers carried by the reply are not lost silently: their senders hear it was not taken.
      Requests.refuseAnswers(m, WskStatus.STATUS_INVALID_PARAMETER);
      return this;
    }
    currentIndication = null;
    if (m instanceof ReceiveEventResponse.Consumed) {
      // A datagram indication is taken whole: WskReceiveFromEvent has no BytesAccepted.
      indicatedBytes -= ind.bytes();
    } else if (m instanceof ReceiveEventResponse.RetainedUntilSentTo r) {
      retained.put(ind.id(), ind.bytes());
      answering.put(ind.id(), 1); // a guard: no release before every answer is queued
      for (SendTo send : r.sends()) {
        if (send.replyTo() == null) {
          Requests.dropped(getContext(), send);
          continue;
        }
        answering.merge(ind.id(), 1, Integer::sum);
        if (!sendTo(send, ind.id())) answerDone(ind.id());
      }
      answerDone(ind.id()); // the guard
    } else if (m instanceof ReceiveEventResponse.RetainedUntilSent) {
      // A stream answer has no place on a datagram socket: the indication is taken, the send fails.
      indicatedBytes -= ind.bytes();
      Requests.refuseAnswers(m, WskStatus.STATUS_NOT_SUPPORTED);
    } else if (m instanceof ReceiveEventResponse.Retained) {
      retained.put(ind.id(), ind.bytes());
    } else {
      indicatedBytes -= ind.bytes();
      List<DatagramIndication> back = ind.datagrams();
      for (int i = back.size() - 1; i >= 0; i--) received.addFirst(back.get(i));
      receivedBytes += ind.bytes();
      receiveEventsPaused = true;
    }
    pump();
    return this;
  }

  private Behavior<Object> onRelease(Release m) {
    boolean released = releaseRetained(m.indicationId());
    if (m.replyTo() != null) {
      m.replyTo()
          .tell(
              new ReleaseCompleted(
                  released ? WskStatus.STATUS_SUCCESS : WskStatus.STATUS_INVALID_PARAMETER,
                  m.indicationId()));
    }
    pump();
    return this;
  }

  /** Serves posted receives, then the event, then suspends or resumes reading. */
  private void pump() {
    while (!receives.isEmpty() && !received.isEmpty()) {
      PendingReceive r = receives.poll();
      timers.cancel(r);
      DatagramIndication d = received.poll();
      receivedBytes -= charge(d);
      ByteString data = d.data();
      int flags = d.flags();
      if (data.size() > r.request.maxBytes()) {
        data = data.take(r.request.maxBytes());
        flags |= WskFlags.MSG_TRUNC;
      }
      r.request
          .replyTo()
          .tell(new ReceiveFromCompleted(WskStatus.STATUS_SUCCESS, data, d.remoteAddress(), flags));
    }
    if (receives.isEmpty()
        && !received.isEmpty()
        && enabled.contains(WskEvent.RECEIVE_FROM)
        && !receiveEventsPaused
        && currentIndication == null
        && handler != null
        && !closing) {
      List<DatagramIndication> datagrams = new ArrayList<>(received);
      long bytes = receivedBytes;
      received.clear();
      receivedBytes = 0;
      indicatedBytes += bytes;
      currentIndication = new Indication(nextIndicationId++, datagrams, bytes);
      handler.tell(
          new ReceiveFromEvent(
              self, datagrams, currentIndication.id(), getContext().getSelf().narrow()));
    }
    updateReading();
  }

  private void updateReading() {
    if (state != State.BOUND || closing) return;
    if (reader != null) {
      grantReads();
      return;
    }
    if (udpSocket == null || udpSocketTerminated) return;
    boolean room = heldBytes() < settings.datagramReceiveWindow() || !receives.isEmpty();
    if (room && readingSuspended) {
      readingSuspended = false;
      udpSocket.tell(UdpMessage.resumeReading(), classicSelf);
    } else if (!room && !readingSuspended) {
      readingSuspended = true;
      metrics.receiveWindowStalls.increment();
      udpSocket.tell(UdpMessage.suspendReading(), classicSelf);
    }
  }

  /**
   * Grants the read selector the window's room not yet granted; a posted receive waiting with no
   * room gets enough for one datagram.
   */
  private void grantReads() {
    long room = settings.datagramReceiveWindow() - heldBytes() - granted;
    if (room <= 0 && !receives.isEmpty() && granted <= 0) room = 1 - granted;
    if (room > 0) {
      granted += room;
      readingSuspended = false;
      reader.grant(room);
    } else if (granted <= 0 && !readingSuspended) {
      readingSuspended = true;
      metrics.receiveWindowStalls.increment();
    }
  }

  // ---- options -------------------------------------------------------------------------------

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onSetOption(SetOption m) {
    SocketOption<?> opt = m.option();
    Object value = m.value();
    WskStatus status;
    if (opt == null || value == null || !opt.type().isInstance(value)) {
      status = WskStatus.STATUS_INVALID_PARAMETER;
    } else if (closing) {
      status = WskStatus.STATUS_CANCELLED;
    } else if (opt == SocketOption.SO_WSK_EVENT_CALLBACK) {
      status = controlEvents((EventCallbackControl) value);
    } else if (UdpOptions.isBeforeBindOption(opt)) {
      if (state != State.OPEN) status = WskStatus.STATUS_INVALID_DEVICE_STATE;
      else if (opt == SocketOption.IPV6_V6ONLY && family != AddressFamily.INET6) {
        status = WskStatus.STATUS_INVALID_PARAMETER;
      } else status = TcpOptions.checkExclusive(options, opt, value);
      if (status.isSuccess()) options.put(opt, value);
    } else if (UdpOptions.isChannelOption(opt)) {
      status = UdpOptions.validate(opt, value);
      if (status.isSuccess() && state == State.BOUND) {
        status = UdpOptions.apply(channel.channel(), opt, value);
      }
      if (status.isSuccess()) options.put(opt, value);
    } else if (opt == SocketOption.MCAST_JOIN_GROUP) {
      status = joinGroup((MulticastGroup) value);
    } else if (opt == SocketOption.MCAST_LEAVE_GROUP) {
      status = leaveGroup((MulticastGroup) value);
    } else {
      status = WskStatus.STATUS_NOT_SUPPORTED;
    }
    m.replyTo().tell(new OptionSet(status, opt));
    return this;
  }

  private WskStatus controlEvents(EventCallbackControl c) {
    if (c.events().isEmpty()) return WskStatus.STATUS_INVALID_PARAMETER;
    if (state != State.BOUND) return WskStatus.STATUS_INVALID_DEVICE_STATE;
    for (WskEvent e : c.events()) {
      if (e != WskEvent.RECEIVE_FROM) return WskStatus.STATUS_INVALID_PARAMETER;
    }
    if (c.disable()) {
      if (c.events().size() != 1) return WskStatus.STATUS_INVALID_PARAMETER;
      enabled.remove(WskEvent.RECEIVE_FROM);
      return WskStatus.STATUS_SUCCESS;
    }
    enabled.add(WskEvent.RECEIVE_FROM);
    receiveEventsPaused = false;
    pump();
    return WskStatus.STATUS_SUCCESS;
  }

  private WskStatus checkGroup(MulticastGroup g) {
    if (state != State.BOUND) return WskStatus.STATUS_INVALID_DEVICE_STATE;
    if (g.group() == null || !g.group().isMulticastAddress()) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    AddressFamily f = AddressFamily.of(new InetSocketAddress(g.group(), 0));
    if (f != family && !(isDualStack() && f == AddressFamily.INET)) {
      return WskStatus.STATUS_INVALID_PARAMETER;
    }
    return null;
  }

  private WskStatus joinGroup(MulticastGroup g) {
    WskStatus bad = checkGroup(g);
    if (bad != null) return bad;
    NetworkInterface ni =
        g.networkInterface() != null
            ? g.networkInterface()
            : UdpOptions.multicastInterface(g.group());
    if (ni == null) return WskStatus.STATUS_NETWORK_UNREACHABLE;
    try {
      MembershipKey key = channel.channel().join(g.group(), ni);
      memberships.put(g, key);
      log().debug("Joined [{}] on [{}]", g.group(), ni.getName());
      return WskStatus.STATUS_SUCCESS;
    } catch (IOException | RuntimeException e) {
      log().debug("Join of [{}] on [{}] failed: {}", g.group(), ni.getName(), e.toString());
      return e instanceof UnsupportedOperationException
          ? WskStatus.STATUS_NOT_SUPPORTED
          : UdpOptions.sendFailure(e);
    }
  }

  private WskStatus leaveGroup(MulticastGroup g) {
    WskStatus bad = checkGroup(g);
    if (bad != null) return bad;
    MembershipKey key = memberships.remove(g);
    if (key == null) {
      // Left on the interface the join chose: find the membership by group and interface.
      for (Iterator<Map.Entry<MulticastGroup, MembershipKey>> it =
              memberships.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<MulticastGroup, MembershipKey> e = it.next();
        MembershipKey k = e.getValue();
        if (k.group().equals(g.group())
            && (g.networkInterface() == null
                || k.networkInterface().equals(g.networkInterface()))) {
          key = k;
          it.remove();
          break;
        }
      }
    }
    if (key == null) return WskStatus.STATUS_INVALID_PARAMETER;
    key.drop();
    return WskStatus.STATUS_SUCCESS;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onGetOption(GetOption m) {
    SocketOption<?> opt = m.option();
    ActorRef replyTo = m.replyTo();
    Object v = null;
    WskStatus status;
    if (opt == null
        || opt == SocketOption.SO_WSK_EVENT_CALLBACK
        || opt == SocketOption.MCAST_JOIN_GROUP
        || opt == SocketOption.MCAST_LEAVE_GROUP
        || !(UdpOptions.isBeforeBindOption(opt) || UdpOptions.isChannelOption(opt))) {
      status = WskStatus.STATUS_NOT_SUPPORTED;
    } else if (opt == SocketOption.IPV6_V6ONLY && family != AddressFamily.INET6) {
      status = WskStatus.STATUS_INVALID_PARAMETER;
    } else {
      if (state == State.BOUND && opt != SocketOption.SO_EXCLUSIVEADDRUSE) {
        v = UdpOptions.read(channel.channel(), opt);
      }
      if (v == null) v = UdpOptions.valueOrDefault(options, opt);
      status = v == null ? WskStatus.STATUS_INVALID_DEVICE_STATE : WskStatus.STATUS_SUCCESS;
    }
    replyTo.tell(new OptionValue(status, opt, status.isSuccess() ? v : null));
    return this;
  }

  // ---- IOCTLs --------------------------------------------------------------------------------

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onIoctl(Ioctl m) {
    IoctlCode code = m.code();
    ActorRef replyTo = m.replyTo();
    WskStatus status;
    if (code != IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS
        && code != IoctlCode.SIO_WSK_SET_SENDTO_ADDRESS) {
      status = WskStatus.STATUS_INVALID_DEVICE_REQUEST;
    } else if (closing) {
      status = WskStatus.STATUS_CANCELLED;
    } else if (state != State.BOUND) {
      status = WskStatus.STATUS_INVALID_DEVICE_STATE;
    } else {
      InetSocketAddress address = (InetSocketAddress) m.input();
      WskStatus bad =
          address == null ? null : UdpOptions.checkDestination(address, family, isDualStack());
      if (bad != null) {
        status = bad;
      } else {
        if (code == IoctlCode.SIO_WSK_SET_REMOTE_ADDRESS) remoteAddress = address;
        else sendToAddress = address;
        status = WskStatus.STATUS_SUCCESS;
      }
    }
    replyTo.tell(new IoctlCompleted(status, code, null));
    return this;
  }

  // ---- close ---------------------------------------------------------------------------------

  private Behavior<Object> startClose(ActorRef<CloseCompleted> replyTo) {
    if (replyTo != null) closeReplyTos.add(replyTo);
    if (closing) return this;
    closing = true;
    cancelPending(WskStatus.STATUS_CANCELLED);
    if (state == State.BINDING) return this; // finishes after Bound (then unbind) or CommandFailed
    return closeTransport();
  }

  /** Closes the bound channel; the close finishes once its port is free. */
  private Behavior<Object> closeTransport() {
    if (reader != null) {
      ActorRef<Object> me = getContext().getSelf();
      readSelector.closeChannel(channel.channel(), () -> me.tell(ChannelClosed.INSTANCE));
      return this; // finishes when the read selector has closed the channel
    }
    if (udpSocket != null && !udpSocketTerminated) {
      udpSocket.tell(UdpMessage.unbind(), classicSelf);
      return this; // finishes when Pekko IO's socket actor has closed the channel and stopped
    }
    return finishClose();
  }

  private void cancelPending(WskStatus status) {
    for (PendingSend s : sendQueue) s.complete(status);
    sendQueue.clear();
    answering.clear(); // the socket is closing: nothing is read any more
    queuedSendBytes = 0;
    sendInFlight = false;
    for (PendingReceive r : receives) {
      timers.cancel(r);
      r.request
          .replyTo()
          .tell(new ReceiveFromCompleted(status, ByteString.emptyByteString(), null, 0));
    }
    receives.clear();
    received.clear();
    receivedBytes = 0;
    retained.clear();
    currentIndication = null;
    indicatedBytes = 0;
  }

  private Behavior<Object> finishClose() {
    closedNormally = true;
    logDrops();
    for (ActorRef<CloseCompleted> r : closeReplyTos) {
      r.tell(new CloseCompleted(WskStatus.STATUS_SUCCESS));
    }
    closeReplyTos.clear();
    return Behaviors.stopped();
  }

  private void logDrops() {
    log()
        .debug(
            "Datagram socket [{}] closed; datagrams dropped by the socket: {} from other senders"
                + " (remote-address filter), {} from IPv4 senders (IPV6_V6ONLY), {} over the"
                + " receive window (drops by the kernel are not visible to Java)",
            localAddress,
            droppedByFilter,
            droppedByV6Only,
            droppedByWindow);
  }

  private Behavior<Object> onTerminated(Terminated t) {
    if (udpSocket != null && t.getRef().equals(Adapter.toTyped(udpSocket))) {
      udpSocketTerminated = true;
      if (closing) return finishClose();
      log().warn("Datagram transport on [{}] stopped unexpectedly", localAddress);
      return Behaviors.stopped(); // PostStop completes pending requests and tells the handler
    }
    if (handler != null && t.getRef().equals(handler)) {
      log().debug("Handler of datagram socket [{}] stopped, closing", localAddress);
      handler = null;
      return startClose(null);
    }
    return this;
  }

  private Behavior<Object> onPostStop() {
    if (closedNormally) return this;
    // The actor failed or its transport was lost: the socket is dead, tell everyone.
    try {
      if (reader != null) {
        readSelector.closeChannel(channel.channel(), () -> {});
      } else if (udpSocket != null && !udpSocketTerminated) {
        // Release the port now; Pekko IO's socket actor would otherwise wait for its own watch.
        udpSocket.tell(UdpMessage.unbind(), org.apache.pekko.actor.ActorRef.noSender());
      } else if (channel != null && udpSocket == null) {
        channel.closeQuietly(); // opened for a bind that has not completed
      }
      cancelPending(WskStatus.STATUS_FILE_FORCED_CLOSED);
      for (ActorRef<CloseCompleted> r : closeReplyTos) {
        r.tell(new CloseCompleted(WskStatus.STATUS_SUCCESS));
      }
      if (bindReplyTo != null) {
        bindReplyTo.tell(new BindCompleted(WskStatus.STATUS_FILE_FORCED_CLOSED, null));
      }
      logDrops();
      metrics.socketsFailed.increment();
      if (handler != null) {
        handler.tell(new SocketFailedEvent(self, WskStatus.STATUS_FILE_FORCED_CLOSED));
      }
    } catch (RuntimeException e) {
      log().warn("Cleanup of failed datagram socket incomplete", e);
    }
    return this;
  }

  /** The logger, with this socket in the MDC (see {@link SocketLog}). */
  private org.slf4j.Logger log() {
    return SocketLog.with(getContext().getLog(), getContext(), localAddress, remoteAddress);
  }
}
