package org.wskactors.benchmarks.servers;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.wskactors.samples.ServerStartup;
import org.wskactors.samples.echo.EchoServer;

/**
 * This project's echo server in the receive-event style: the samples module's {@link EchoServer}
 * (accept events, {@code ReceiveEvent}s echoed with {@code Send}, retained and released when the
 * send completes), started in its own ActorSystem.
 *
 * <p>Usage: {@code WskEventEchoServer [host] [port]}; prints {@code PORT n} when listening.
 */
public final class WskEventEchoServer {
  private WskEventEchoServer() {}

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
              ctx.spawn(EchoServer.create(ServerSupport.bindAddress(args), ctx.getSelf()), "echo");
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
        "bench-wsk-event");
  }
}
