package org.wskactors.benchmarks;

import java.util.List;
import org.wskactors.benchmarks.servers.JdkNioEchoServer;
import org.wskactors.benchmarks.servers.NettyEchoServer;
import org.wskactors.benchmarks.servers.NettyUdpEchoServer;
import org.wskactors.benchmarks.servers.PekkoIoEchoServer;
import org.wskactors.benchmarks.servers.PekkoIoUdpEchoServer;
import org.wskactors.benchmarks.servers.PekkoStreamsEchoServer;
import org.wskactors.benchmarks.servers.WskEventEchoServer;
import org.wskactors.benchmarks.servers.WskPostedEchoServer;
import org.wskactors.benchmarks.servers.WskUdpEchoServer;

/**
 * A server the harness measures: its short id (used in tables, the CSV and {@code --servers}), what
 * it is, the main class and arguments of its JVM, whether it serves TCP or UDP, and whether it is
 * this project's.
 *
 * @param id the short id, e.g. {@code wsk-event}
 * @param description one line for the report
 * @param mainClass the main class of its JVM
 * @param args arguments before the bind host
 * @param udp true for a UDP echo server, false for a TCP echo server
 * @param ours true for this project's servers
 */
public record Peer(
    String id, String description, String mainClass, List<String> args, boolean udp, boolean ours) {

  /** This project's echo server, receive-event style (the samples module's EchoServer). */
  public static final Peer WSK_EVENT =
      tcp(
          "wsk-event",
          "wsk-actors, accept + ReceiveEvent (retained, Release after Send)",
          WskEventEchoServer.class,
          true);

  /** This project's echo server, posted-receive style. */
  public static final Peer WSK_POSTED =
      tcp(
          "wsk-posted",
          "wsk-actors, queued Accept + posted Receive -> Send loop",
          WskPostedEchoServer.class,
          true);

  /** Classic Pekko IO. */
  public static final Peer PEKKO_IO =
      tcp(
          "pekko-io",
          "classic Pekko IO TCP, handler per connection, ack-based writes",
          PekkoIoEchoServer.class,
          false);

  /** Pekko Streams TCP. */
  public static final Peer PEKKO_STREAMS =
      tcp(
          "pekko-streams",
          "Pekko Streams TCP, Flow.of(ByteString) identity",
          PekkoStreamsEchoServer.class,
          false);

  /** Netty NIO transport. */
  public static final Peer NETTY_NIO =
      new Peer(
          "netty-nio",
          "Netty 4.1 NIO transport",
          NettyEchoServer.class.getName(),
          List.of("nio"),
          false,
          false);

  /** Netty native epoll transport. */
  public static final Peer NETTY_EPOLL =
      new Peer(
          "netty-epoll",
          "Netty 4.1 native epoll transport",
          NettyEchoServer.class.getName(),
          List.of("epoll"),
          false,
          false);

  /** Plain JDK NIO. */
  public static final Peer JDK_NIO =
      tcp(
          "jdk-nio",
          "plain JDK NIO selectors, one per core (the JVM's practical ceiling)",
          JdkNioEchoServer.class,
          false);

  /** This project's UDP echo server. */
  public static final Peer WSK_UDP =
      new Peer(
          "wsk-udp",
          "wsk-actors UdpEchoServer (receive-from events, SendTo, Release)",
          WskUdpEchoServer.class.getName(),
          List.of(),
          true,
          true);

  /** Raw classic Pekko IO UDP. */
  public static final Peer PEKKO_IO_UDP =
      new Peer(
          "pekko-io-udp",
          "raw classic Pekko IO UDP (Udp.Bind, Received -> Send)",
          PekkoIoUdpEchoServer.class.getName(),
          List.of(),
          true,
          false);

  /** Netty UDP. */
  public static final Peer NETTY_UDP =
      new Peer(
          "netty-udp",
          "Netty 4.1 NIO datagram channel",
          NettyUdpEchoServer.class.getName(),
          List.of(),
          true,
          false);

  /** The TCP echo servers, this project's first. */
  public static final List<Peer> TCP =
      List.of(WSK_EVENT, WSK_POSTED, PEKKO_IO, PEKKO_STREAMS, NETTY_NIO, NETTY_EPOLL, JDK_NIO);

  /** The UDP echo servers, this project's first. */
  public static final List<Peer> UDP = List.of(WSK_UDP, PEKKO_IO_UDP, NETTY_UDP);

  private static Peer tcp(String id, String description, Class<?> main, boolean ours) {
    return new Peer(id, description, main.getName(), List.of(), false, ours);
  }
}
