package org.wskactors.benchmarks.servers;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.runtime.WskSettings;
import org.wskactors.samples.ServerStartup;
import org.wskactors.samples.datagram.UdpEchoServer;

/**
 * This project's UDP echo server: the samples module's {@link UdpEchoServer} (receive-from events,
 * {@code SendTo} back, indication released when the echo's send completes), in its own ActorSystem,
 * on the sockets' dispatcher (as the samples' {@code Main} runs it).
 *
 * <p>Usage: {@code WskUdpEchoServer [host] [port]}; prints {@code PORT n} when bound.
 */
public final class WskUdpEchoServer {
  private WskUdpEchoServer() {}

  /**
   * Runs the server until the process is killed.
   *
   * @param args {@code [host] [port]}
   */
  public static void main(String[] args) {
    ServerSupport.quietLogging();
    ActorSystem.create(
        Behaviors.<ServerStartup>setup(
            ctx -> {
              // The handler never blocks: it runs next to its socket, as the TCP echo's handlers
              // do.
              ctx.spawn(
                  UdpEchoServer.create(ServerSupport.bindAddress(args), ctx.getSelf()),
                  "udp-echo",
                  DispatcherSelector.fromConfig(
                      WskSettings.create(ctx.getSystem()).socketDispatcher()));
              return Behaviors.receiveMessage(
                  m -> {
                    if (m instanceof ServerStartup.Listening l) {
                      ServerSupport.announce(l.address().getPort());
                    } else {
                      ServerSupport.fail(m.toString());
                    }
                    return Behaviors.same();
                  });
            }),
        "bench-wsk-udp");
  }
}
