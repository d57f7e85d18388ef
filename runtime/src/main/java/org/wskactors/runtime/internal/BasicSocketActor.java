package org.wskactors.runtime.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.CloseCompleted;
import org.wskactors.protocol.CloseSocket;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.Ioctl;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.IoctlCompleted;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.WskSettings;

/**
 * INTERNAL API: the basic socket. Its public face is {@code ActorRef<BasicSocket.Command>}: only
 * {@code ControlSocket} and {@code CloseSocket}, as in {@code WSK_PROVIDER_BASIC_DISPATCH}.
 *
 * <p>Options: every {@link SetOption} and {@link GetOption} completes {@link
 * WskStatus#STATUS_NOT_SUPPORTED} (a basic socket has no transport whose options could be set).
 * IOCTLs:
 *
 * <ul>
 *   <li>{@link IoctlCode#SIO_ADDRESS_LIST_QUERY}: the addresses of the socket's family on the
 *       machine's interfaces that are up (loopback included), read off the actor thread on Pekko's
 *       blocking dispatcher, as enumerating interfaces can take milliseconds.
 *   <li>{@link IoctlCode#SIO_ADDRESS_LIST_CHANGE}: completes {@link WskStatus#STATUS_SUCCESS} with
 *       no output when that list changes. Java has no change notification, so while at least one is
 *       pending the socket re-reads the list every {@code wsk-actors.basic.address-poll-interval}
 *       and compares it (as a set) with the list read when the first of the pending requests
 *       arrived. Every pending request completes at the first change; none is polled for when none
 *       is pending.
 *   <li>{@link IoctlCode#SIO_ROUTING_INTERFACE_QUERY}: the local address the system routes to the
 *       given remote address, found by connecting a {@link DatagramChannel} of the socket's family
 *       (a UDP connect sends nothing) and reading its local address. A null, unresolved or
 *       other-family input completes {@link WskStatus#STATUS_INVALID_PARAMETER}; no route completes
 *       {@link WskStatus#STATUS_NETWORK_UNREACHABLE} (or the status {@link Statuses} finds for the
 *       failure).
 *   <li>any other code: {@link WskStatus#STATUS_NOT_SUPPORTED}, as WSK's basic sockets answer.
 * </ul>
 *
 * <p>{@link CloseSocket} completes every pending request {@link WskStatus#STATUS_CANCELLED},
 * replies {@link CloseCompleted} and stops; {@link ConnectionSocketActor.ForceClose} does the same
 * without a reply. If the actor fails, pending requests complete {@link
 * WskStatus#STATUS_FILE_FORCED_CLOSED}. A basic socket has no handler and no events.
 */
public final class BasicSocketActor extends AbstractBehavior<Object> {

  /**
   * Where a basic socket reads the local addresses of its family. The runtime uses {@link
   * #INTERFACES}; tests pass a stand-in to exercise change detection. It is called off the actor
   * thread, on the blocking dispatcher.
   */
  @FunctionalInterface
  public interface AddressSource {
    /**
     * The current local addresses of a family.
     *
     * @param family the family to list
     * @return the addresses, in a stable order
     * @throws IOException when the list cannot be read
     */
    List<InetAddress> addresses(AddressFamily family) throws IOException;
  }

  /** The machine's interfaces that are up, through {@link NetworkInterface}. */
  public static final AddressSource INTERFACES = BasicSocketActor::interfaceAddresses;

  private enum Purpose {
    BASELINE,
    POLL
  }

  /** A list read for a pending query. */
  private record QueryRead(PendingQuery query, List<InetAddress> list, Throwable failure) {}

  /** A list read for change detection. */
  private record ChangeRead(Purpose purpose, List<InetAddress> list, Throwable failure) {}

  private enum PollTick {
    INSTANCE
  }

  private static final class PendingQuery {
    final ActorRef<IoctlCompleted<List<InetAddress>>> replyTo;

    PendingQuery(ActorRef<IoctlCompleted<List<InetAddress>>> replyTo) {
      this.replyTo = replyTo;
    }
  }

  /**
   * A new basic socket reading the machine's interfaces.
   *
   * @param settings runtime settings
   * @param family its address family
   */
  public static Behavior<Object> create(WskSettings settings, AddressFamily family) {
    return create(settings, family, INTERFACES);
  }

  /**
   * A new basic socket reading local addresses from {@code source}.
   *
   * @param settings runtime settings
   * @param family its address family
   * @param source where the address list comes from
   */
  public static Behavior<Object> create(
      WskSettings settings, AddressFamily family, AddressSource source) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new BasicSocketActor(ctx, timers, settings, family, source)));
  }

  private final TimerScheduler<Object> timers;
  private final WskSettings settings;
  private final AddressFamily family;
  private final AddressSource source;
  private final Executor blocking;
  private final List<PendingQuery> queries = new ArrayList<>();
  private final List<ActorRef<IoctlCompleted<Void>>> changeWatchers = new ArrayList<>();
  private Set<InetAddress> baseline;
  private boolean changeReadInFlight;
  private boolean stoppedNormally;

  private BasicSocketActor(
      ActorContext<Object> ctx,
      TimerScheduler<Object> timers,
      WskSettings settings,
      AddressFamily family,
      AddressSource source) {
    super(ctx);
    this.timers = timers;
    this.settings = settings;
    this.family = family;
    this.source = source;
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Object.class, Requests::lacksReplyTo, m -> Requests.dropped(getContext(), m))
        .onMessage(SetOption.class, this::onSetOption)
        .onMessage(GetOption.class, this::onGetOption)
        .onMessage(Ioctl.class, this::onIoctl)
        .onMessage(QueryRead.class, this::onQueryRead)
        .onMessage(ChangeRead.class, this::onChangeRead)
        .onMessage(PollTick.class, m -> onPollTick())
        .onMessage(CloseSocket.class, m -> close(m.replyTo()))
        .onMessage(ConnectionSocketActor.ForceClose.class, m -> close(null))
        .onMessage(
            FaultInjection.Crash.class,
            m -> {
              throw new FaultInjection.InjectedFailure();
            })
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  // ---- options -------------------------------------------------------------------------------

  private Behavior<Object> onSetOption(SetOption<?> m) {
    WskStatus status =
        m.option() == null ? WskStatus.STATUS_INVALID_PARAMETER : WskStatus.STATUS_NOT_SUPPORTED;
    m.replyTo().tell(new OptionSet(status, m.option()));
    return this;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onGetOption(GetOption m) {
    WskStatus status =
        m.option() == null ? WskStatus.STATUS_INVALID_PARAMETER : WskStatus.STATUS_NOT_SUPPORTED;
    ActorRef replyTo = m.replyTo();
    replyTo.tell(new OptionValue(status, m.option(), null));
    return this;
  }

  // ---- IOCTLs --------------------------------------------------------------------------------

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Behavior<Object> onIoctl(Ioctl m) {
    IoctlCode code = m.code();
    ActorRef replyTo = m.replyTo();
    if (code == null) {
      replyTo.tell(new IoctlCompleted(WskStatus.STATUS_INVALID_PARAMETER, null, null));
    } else if (code == IoctlCode.SIO_ADDRESS_LIST_QUERY) {
      startQuery(new PendingQuery(replyTo));
    } else if (code == IoctlCode.SIO_ADDRESS_LIST_CHANGE) {
      watchChanges(replyTo);
    } else if (code == IoctlCode.SIO_ROUTING_INTERFACE_QUERY) {
      replyTo.tell(routingInterface(m.input()));
    } else {
      replyTo.tell(new IoctlCompleted(WskStatus.STATUS_NOT_SUPPORTED, code, null));
    }
    return this;
  }

  private void startQuery(PendingQuery q) {
    queries.add(q);
    getContext().pipeToSelf(readAsync(), (list, failure) -> new QueryRead(q, list, failure));
  }

  private Behavior<Object> onQueryRead(QueryRead m) {
    if (!queries.remove(m.query())) return this;
    if (m.failure() != null) {
      log().debug("Address list query failed", m.failure());
      m.query()
          .replyTo
          .tell(
              new IoctlCompleted<>(
                  Statuses.of(m.failure(), WskStatus.STATUS_INSUFFICIENT_RESOURCES),
                  IoctlCode.SIO_ADDRESS_LIST_QUERY,
                  null));
    } else {
      m.query()
          .replyTo
          .tell(
              new IoctlCompleted<>(
                  WskStatus.STATUS_SUCCESS, IoctlCode.SIO_ADDRESS_LIST_QUERY, m.list()));
    }
    return this;
  }

  private void watchChanges(ActorRef<IoctlCompleted<Void>> replyTo) {
    boolean first = changeWatchers.isEmpty();
    changeWatchers.add(replyTo);
    if (!first) return;
    baseline = null;
    startChangeRead(Purpose.BASELINE);
    timers.startTimerWithFixedDelay(
        PollTick.INSTANCE, PollTick.INSTANCE, settings.addressPollInterval());
  }

  private Behavior<Object> onPollTick() {
    if (changeWatchers.isEmpty()) {
      timers.cancel(PollTick.INSTANCE);
    } else if (!changeReadInFlight) {
      startChangeRead(baseline == null ? Purpose.BASELINE : Purpose.POLL);
    }
    return this;
  }

  private void startChangeRead(Purpose purpose) {
    changeReadInFlight = true;
    getContext().pipeToSelf(readAsync(), (list, failure) -> new ChangeRead(purpose, list, failure));
  }

  private Behavior<Object> onChangeRead(ChangeRead m) {
    changeReadInFlight = false;
    if (changeWatchers.isEmpty()) return this;
    if (m.failure() != null) {
      log().debug("Address list poll failed, will retry", m.failure());
      return this;
    }
    Set<InetAddress> now = new HashSet<>(m.list());
    if (m.purpose() == Purpose.BASELINE || baseline == null) {
      baseline = now;
    } else if (!now.equals(baseline)) {
      log().debug("Local {} address list changed: {}", family, m.list());
      baseline = null;
      timers.cancel(PollTick.INSTANCE);
      for (ActorRef<IoctlCompleted<Void>> w : changeWatchers) {
        w.tell(
            new IoctlCompleted<>(
                WskStatus.STATUS_SUCCESS, IoctlCode.SIO_ADDRESS_LIST_CHANGE, null));
      }
      changeWatchers.clear();
    }
    return this;
  }

  private CompletableFuture<List<InetAddress>> readAsync() {
    CompletableFuture<List<InetAddress>> f = new CompletableFuture<>();
    try {
      blocking.execute(
          () -> {
            try {
              f.complete(List.copyOf(source.addresses(family)));
            } catch (Throwable t) {
              f.completeExceptionally(t);
            }
          });
    } catch (RuntimeException rejected) {
      f.completeExceptionally(rejected);
    }
    return f;
  }

  /**
   * The addresses of a family on the machine's interfaces that are up, loopback included, in
   * interface order.
   *
   * @param family the family to list
   * @return the addresses
   * @throws IOException when the interfaces cannot be enumerated
   */
  public static List<InetAddress> interfaceAddresses(AddressFamily family) throws IOException {
    List<InetAddress> out = new ArrayList<>();
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp()) continue;
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (matches(family, a) && !out.contains(a)) out.add(a);
      }
    }
    return out;
  }

  private static boolean matches(AddressFamily family, InetAddress a) {
    return family == AddressFamily.INET ? a instanceof Inet4Address : a instanceof Inet6Address;
  }

  private IoctlCompleted<InetAddress> routingInterface(Object input) {
    IoctlCode<InetSocketAddress, InetAddress> code = IoctlCode.SIO_ROUTING_INTERFACE_QUERY;
    if (!(input instanceof InetSocketAddress remote) || AddressFamily.of(remote) != family) {
      return new IoctlCompleted<>(WskStatus.STATUS_INVALID_PARAMETER, code, null);
    }
    ProtocolFamily pf =
        family == AddressFamily.INET ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    // Routing does not depend on the port; a UDP connect to port 0 is refused by some systems.
    InetSocketAddress target =
        remote.getPort() == 0 ? new InetSocketAddress(remote.getAddress(), 9) : remote;
    try (DatagramChannel ch = DatagramChannel.open(pf)) {
      ch.connect(target); // no packet is sent: the kernel only picks a route and a source address
      SocketAddress local = ch.getLocalAddress();
      if (local instanceof InetSocketAddress l && l.getAddress() != null) {
        return new IoctlCompleted<>(WskStatus.STATUS_SUCCESS, code, l.getAddress());
      }
      return new IoctlCompleted<>(WskStatus.STATUS_NETWORK_UNREACHABLE, code, null);
    } catch (IOException | RuntimeException e) {
      log().debug("No route to [{}]", remote, e);
      return new IoctlCompleted<>(Statuses.of(e, WskStatus.STATUS_NETWORK_UNREACHABLE), code, null);
    }
  }

  // ---- close ---------------------------------------------------------------------------------

  private Behavior<Object> close(ActorRef<CloseCompleted> replyTo) {
    completePending(WskStatus.STATUS_CANCELLED);
    stoppedNormally = true;
    if (replyTo != null) replyTo.tell(new CloseCompleted(WskStatus.STATUS_SUCCESS));
    return Behaviors.stopped();
  }

  private void completePending(WskStatus status) {
    timers.cancelAll();
    for (PendingQuery q : queries) {
      q.replyTo.tell(new IoctlCompleted<>(status, IoctlCode.SIO_ADDRESS_LIST_QUERY, null));
    }
    queries.clear();
    for (ActorRef<IoctlCompleted<Void>> w : changeWatchers) {
      w.tell(new IoctlCompleted<>(status, IoctlCode.SIO_ADDRESS_LIST_CHANGE, null));
    }
    changeWatchers.clear();
  }

  private Behavior<Object> onPostStop() {
    if (stoppedNormally) return this;
    try {
      WskMetrics.get(getContext().getSystem()).socketsFailed.increment();
      completePending(WskStatus.STATUS_FILE_FORCED_CLOSED);
    } catch (RuntimeException e) {
      log().warn("Cleanup of failed basic socket incomplete", e);
    }
    return this;
  }

  /** The logger, with this socket in the MDC (see {@link SocketLog}). */
  private org.slf4j.Logger log() {
    return SocketLog.with(getContext().getLog(), getContext(), null, null);
  }
}
