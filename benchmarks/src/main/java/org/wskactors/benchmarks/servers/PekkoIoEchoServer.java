package org.wskactors.benchmarks.servers;

import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.io.TcpMessage;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * An echo server on classic Pekko IO TCP written as Pekko's documentation advises: one handler
 * actor per connection, ack-based writes (one {@code Write} in flight), incoming data buffered
 * while a write is in flight and coalesced into the next write, reading suspended above a high
 * watermark and resumed below a low one.
 *
 * <p>Usage: {@code PekkoIoEchoServer [host] [port]}; prints {@code PORT n} when listening.
 */
public final class PekkoIoEchoServer {
  private PekkoIoEchoServer() {}

  /**
   * Runs the server until the process is killed.
   *
   * @param args {@code [host] [port]}
   */
  public static void main(String[] args) {
    ServerSupport.quietLogging();
    ActorSystem system =
        ActorSystem.create(
            "bench-pekko-io",
            ConfigFactory.parseString("pekko.loglevel = WARNING")
                .withFallback(ConfigFactory.load()));
    system.actorOf(Props.create(Listener.class, ServerSupport.bindAddress(args)), "listener");
  }

  /** Binds, announces the port, and spawns one {@link Handler} per connection. */
  static final class Listener extends AbstractActor {
    private final InetSocketAddress address;

    Listener(InetSocketAddress address) {
      this.address = address;
    }

    @Override
    public void preStart() {
      Tcp.get(getContext().getSystem())
          .manager()
          .tell(TcpMessage.bind(getSelf(), address, 1024), getSelf());
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Tcp.Bound.class, b -> ServerSupport.announce(b.localAddress().getPort()))
          .match(Tcp.CommandFailed.class, f -> ServerSupport.fail(f.toString()))
          .match(
              Tcp.Connected.class,
              c -> {
                ActorRef connection = getSender();
                ActorRef handler = getContext().actorOf(Props.create(Handler.class, connection));
                connection.tell(TcpMessage.register(handler), getSelf());
              })
          .build();
    }
  }

  /** The write acknowledgement. */
  static final class Ack implements Tcp.Event {
    static final Ack INSTANCE = new Ack();
  }

  /** The handler of one connection: echoes with one acknowledged write in flight. */
  static final class Handler extends AbstractActor {
    private static final int HIGH_WATERMARK = 256 * 1024;
    private static final int LOW_WATERMARK = 64 * 1024;

    private final ActorRef connection;
    private final ArrayDeque<ByteString> buffer = new ArrayDeque<>();
    private long buffered;
    private boolean writing;
    private boolean suspended;
    private boolean peerClosed;

    Handler(ActorRef connection) {
      this.connection = connection;
      getContext().watch(connection);
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Tcp.Received.class, r -> onData(r.data()))
          .match(Ack.class, a -> onAck())
          .match(
              Tcp.ConnectionClosed.class,
              c -> {
                if (c.isPeerClosed() && (writing || !buffer.isEmpty())) {
                  peerClosed = true;
                } else {
                  getContext().stop(getSelf());
                }
              })
          .match(Tcp.CommandFailed.class, f -> connection.tell(TcpMessage.close(), getSelf()))
          .match(org.apache.pekko.actor.Terminated.class, t -> getContext().stop(getSelf()))
          .build();
    }

    private void onData(ByteString data) {
      if (!writing) {
        writing = true;
        connection.tell(TcpMessage.write(data, Ack.INSTANCE), getSelf());
        return;
      }
      buffer.add(data);
      buffered += data.size();
      if (!suspended && buffered > HIGH_WATERMARK) {
        suspended = true;
        connection.tell(TcpMessage.suspendReading(), getSelf());
      }
    }

    private void onAck() {
      if (buffer.isEmpty()) {
        writing = false;
        if (peerClosed) connection.tell(TcpMessage.close(), getSelf());
        return;
      }
      ByteStringBuilder all = new ByteStringBuilder();
      for (ByteString b : buffer) all.append(b);
      buffer.clear();
      buffered = 0;
      connection.tell(TcpMessage.write(all.result(), Ack.INSTANCE), getSelf());
      if (suspended && buffered < LOW_WATERMARK) {
        suspended = false;
        connection.tell(TcpMessage.resumeReading(), getSelf());
      }
    }
  }
}
