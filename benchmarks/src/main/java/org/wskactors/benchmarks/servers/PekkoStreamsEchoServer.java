package org.wskactors.benchmarks.servers;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * An echo server on Pekko Streams TCP: every incoming connection is handled with {@code
 * Flow.of(ByteString.class)} (identity), so back-pressure is the stream's own.
 *
 * <p>Usage: {@code PekkoStreamsEchoServer [host] [port]}; prints {@code PORT n} when listening.
 */
public final class PekkoStreamsEchoServer {
  private PekkoStreamsEchoServer() {}

  /**
   * Runs the server until the process is killed.
   *
   * @param args {@code [host] [port]}
   */
  public static void main(String[] args) {
    ServerSupport.quietLogging();
    ActorSystem system =
        ActorSystem.create(
            "bench-pekko-streams",
            ConfigFactory.parseString("pekko.loglevel = WARNING")
                .withFallback(ConfigFactory.load()));
    Materializer mat = Materializer.createMaterializer(system);
    InetSocketAddress address = ServerSupport.bindAddress(args);
    Tcp.get(system)
        .bind(
            address.getAddress().getHostAddress(),
            address.getPort(),
            1024,
            java.util.Collections.emptyList(),
            false,
            java.util.Optional.empty())
        .to(Sink.foreach(c -> c.handleWith(Flow.of(ByteString.class), mat)))
        .run(mat)
        .whenComplete(
            (binding, failure) -> {
              if (failure != null) ServerSupport.fail(failure.toString());
              else ServerSupport.announce(binding.localAddress().getPort());
            });
  }
}
