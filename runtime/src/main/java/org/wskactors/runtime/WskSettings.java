package org.wskactors.runtime;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.Props;

/**
 * The runtime's settings, read from the {@code wsk-actors} section of the configuration (defaults
 * in the runtime's {@code reference.conf}, where every key is documented).
 *
 * @param socketDispatcher full config path of the dispatcher for the runtime's actors
 * @param socketMailbox full config path of the mailbox of the runtime's actors
 * @param listenBacklog kernel accept backlog of listening sockets (1 to 65535)
 * @param acceptBatch connections taken per round while the accept event is enabled (1 to 1024)
 * @param acceptDecisionTimeout how long an incoming connection waits for the handler's decision
 * @param acceptOnLoop whether listening sockets accept on a read selector and run their accepted
 *     connections over channels of the runtime's own, without Pekko IO's listener and connection
 *     actors
 * @param receiveWindow receive window per connection socket, in bytes (1 KiB to 1 GiB)
 * @param sendQueueLimit bound on queued send bytes per connection socket (1 KiB to 1 GiB)
 * @param maxWriteSize most bytes coalesced into one transport write (1 KiB to 64 MiB)
 * @param directWrites whether a connection socket writes to its channel itself when the kernel
 *     takes the bytes at once, instead of sending every write through the Pekko IO connection actor
 * @param selectorReads whether connection sockets read through the runtime's own read selectors
 *     instead of asking the Pekko IO connection actor for every read
 * @param readSelectorAfter how many reads of a connection go through Pekko IO before a read
 *     selector takes over (0 to 1000)
 * @param readSelectors how many read selector threads an ActorSystem runs (1 to 64; {@code 0} in
 *     the configuration gives half the available processors, at least 1)
 * @param readSelectorBufferSize most bytes one read system call of a read selector takes (1 KiB to
 *     16 MiB)
 * @param addressPollInterval how often a basic socket with a pending {@code
 *     SIO_ADDRESS_LIST_CHANGE} re-reads the local address list (100 ms to 1 h)
 * @param resolverTimeout how long a name resolution request may take (100 ms to 5 min)
 * @param datagramReceiveWindow receive window per datagram socket, in bytes (1 KiB to 1 GiB)
 * @param datagramSendQueueLimit bound on queued datagram bytes per datagram socket (1 KiB to 1 GiB)
 * @param datagramChannelOnLoop whether datagram sockets bind their channel themselves and read it
 *     on a read selector, without Pekko IO's UDP actors
 * @param jmxEnabled whether the runtime's counters are registered as a JMX MBean
 * @param javadslTimeout default timeout of the Java facade's requests (10 ms to 24 h)
 * @param javadslReplyGrace extra wait of the Java facade for requests with their own timeout (100
 *     ms to 1 min)
 */
public record WskSettings(
    String socketDispatcher,
    String socketMailbox,
    int listenBacklog,
    int acceptBatch,
    Duration acceptDecisionTimeout,
    boolean acceptOnLoop,
    int receiveWindow,
    long sendQueueLimit,
    int maxWriteSize,
    boolean directWrites,
    boolean selectorReads,
    int readSelectorAfter,
    int readSelectors,
    int readSelectorBufferSize,
    Duration addressPollInterval,
    Duration resolverTimeout,
    int datagramReceiveWindow,
    long datagramSendQueueLimit,
    boolean datagramChannelOnLoop,
    boolean jmxEnabled,
    Duration javadslTimeout,
    Duration javadslReplyGrace) {

  /**
   * Reads the settings of an ActorSystem.
   *
   * @param system the system whose configuration to read
   * @return the validated settings
   * @throws IllegalArgumentException when a value is out of its documented range
   */
  public static WskSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  /**
   * Reads the settings from a configuration that contains the {@code wsk-actors} section.
   *
   * @param config the full configuration
   * @return the validated settings
   * @throws IllegalArgumentException when a value is out of its documented range
   */
  public static WskSettings create(Config config) {
    Config c = config.getConfig("wsk-actors");
    WskSettings s =
        new WskSettings(
            c.getString("socket-dispatcher"),
            c.getString("socket-mailbox"),
            c.getInt("listen.backlog"),
            c.getInt("listen.accept-batch"),
            c.getDuration("listen.accept-decision-timeout"),
            c.getBoolean("listen.accept-on-loop"),
            (int) c.getBytes("connection.receive-window").longValue(),
            c.getBytes("connection.send-queue-limit"),
            (int) c.getBytes("connection.max-write-size").longValue(),
            c.getBoolean("connection.direct-writes"),
            c.getBoolean("connection.selector-reads"),
            c.getInt("connection.read-selector-after"),
            readSelectors(c.getInt("connection.read-selectors")),
            (int) c.getBytes("connection.read-selector-buffer-size").longValue(),
            c.getDuration("basic.address-poll-interval"),
            c.getDuration("resolver.timeout"),
            (int) c.getBytes("datagram.receive-window").longValue(),
            c.getBytes("datagram.send-queue-limit"),
            c.getBoolean("datagram.channel-on-loop"),
            c.getBoolean("jmx.enabled"),
            c.getDuration("javadsl.timeout"),
            c.getDuration("javadsl.reply-grace"));
    s.validate();
    return s;
  }

  private void validate() {
    require(
        datagramReceiveWindow >= 1024 && datagramReceiveWindow <= (1 << 30),
        "datagram.receive-window must be 1 KiB to 1 GiB");
    require(
        datagramSendQueueLimit >= 1024 && datagramSendQueueLimit <= (1L << 30),
        "datagram.send-queue-limit must be 1 KiB to 1 GiB");
    require(listenBacklog >= 1 && listenBacklog <= 65535, "listen.backlog must be 1 to 65535");
    require(acceptBatch >= 1 && acceptBatch <= 1024, "listen.accept-batch must be 1 to 1024");
    require(
        !acceptDecisionTimeout.isNegative() && !acceptDecisionTimeout.isZero(),
        "listen.accept-decision-timeout must be > 0");
    require(
        receiveWindow >= 1024 && receiveWindow <= (1 << 30),
        "connection.receive-window must be 1 KiB to 1 GiB");
    require(
        sendQueueLimit >= 1024 && sendQueueLimit <= (1L << 30),
        "connection.send-queue-limit must be 1 KiB to 1 GiB");
    require(
        maxWriteSize >= 1024 && maxWriteSize <= (64 << 20),
        "connection.max-write-size must be 1 KiB to 64 MiB");
    require(
        readSelectorAfter >= 0 && readSelectorAfter <= 1000,
        "connection.read-selector-after must be 0 to 1000");
    require(readSelectors >= 1 && readSelectors <= 64, "connection.read-selectors must be 0 to 64");
    require(
        readSelectorBufferSize >= 1024 && readSelectorBufferSize <= (16 << 20),
        "connection.read-selector-buffer-size must be 1 KiB to 16 MiB");
    require(
        addressPollInterval.compareTo(Duration.ofMillis(100)) >= 0
            && addressPollInterval.compareTo(Duration.ofHours(1)) <= 0,
        "basic.address-poll-interval must be 100ms to 1h");
    require(
        resolverTimeout.compareTo(Duration.ofMillis(100)) >= 0
            && resolverTimeout.compareTo(Duration.ofMinutes(5)) <= 0,
        "resolver.timeout must be 100ms to 5min");
    require(
        javadslTimeout.compareTo(Duration.ofMillis(10)) >= 0
            && javadslTimeout.compareTo(Duration.ofHours(24)) <= 0,
        "javadsl.timeout must be 10ms to 24h");
    require(
        javadslReplyGrace.compareTo(Duration.ofMillis(100)) >= 0
            && javadslReplyGrace.compareTo(Duration.ofMinutes(1)) <= 0,
        "javadsl.reply-grace must be 100ms to 1min");
  }

  /**
   * Where the runtime's actors (subsystem, clients, sockets) run: {@link #socketDispatcher} with
   * {@link #socketMailbox}.
   *
   * @return the props to spawn them with
   */
  public Props actorProps() {
    return DispatcherSelector.fromConfig(socketDispatcher)
        .withNext(MailboxSelector.fromConfig(socketMailbox));
  }

  private static void require(boolean ok, String message) {
    if (!ok) throw new IllegalArgumentException("wsk-actors." + message);
  }

  /** {@code connection.read-selectors}: 0 is half the available processors, at least 1. */
  private static int readSelectors(int configured) {
    return configured == 0
        ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2)
        : configured;
  }
}
