package org.wskactors.benchmarks.servers;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.io.Udp;
import org.apache.pekko.io.UdpMessage;

/**
 * A UDP echo server on raw classic Pekko IO UDP: {@code Udp.Bind}, and every {@code Udp.Received}
 * goes back to its sender as a {@code Udp.Send} without acknowledgement.
 *
 * <p>Usage: {@code PekkoIoUdpEchoServer [host] [port]}; prints {@code PORT n} when bound.
 */
public final class PekkoIoUdpEchoServer {
  private PekkoIoUdpEchoServer() {}

  /**
   * Runs the server until the process is killed.
   *
   * @param args {@code [host] [port]}
   */
  public static void main(String[] args) {
    ServerSupport.quietLogging();
    ActorSystem system =
        ActorSystem.create(
            "bench-pekko-udp",
            ConfigFactory.parseString("pekko.loglevel = WARNING")
                .withFallback(ConfigFactory.load()));
    system.actorOf(Props.create(Echo.class, ServerSupport.bindAddress(args)), "udp-echo");
  }

  /** Binds and echoes. */
  static final class Echo extends AbstractActor {
    private final InetSocketAddress address;

    Echo(InetSocketAddress address) {
      this.address = address;
    }

    @Override
    public void preStart() {
      Udp.get(getContext().getSystem())
          .manager()
          .tell(UdpMessage.bind(getSelf(), address), getSelf());
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(
              Udp.Bound.class,
              b -> {
                getContext().become(bound(getSender()));
                ServerSupport.announce(b.localAddress().getPort());
              })
          .match(Udp.CommandFailed.class, f -> ServerSupport.fail(f.toString()))
          .build();
    }

    private Receive bound(org.apache.pekko.actor.ActorRef socket) {
      return receiveBuilder()
          .match(
              Udp.Received.class,
              r -> socket.tell(UdpMessage.send(r.data(), r.sender()), getSelf()))
          .match(
              Udp.CommandFailed.class,
              f -> {
                /* a dropped send: UDP may drop */
              })
          .build();
    }
  }
}
