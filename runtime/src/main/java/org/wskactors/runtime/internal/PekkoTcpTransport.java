package org.wskactors.runtime.internal;

import java.io.IOException;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.io.TcpMessage;
import org.apache.pekko.util.ByteString;

/** INTERNAL API: a {@link ConnectionTransport} over a Pekko IO TCP connection actor. */
public final class PekkoTcpTransport implements ConnectionTransport {
  private final ActorRef connection;
  private final ActorRef self;
  private final Socket socket;

  /**
   * @param connection the Pekko IO connection actor (the sender of {@code Connected})
   * @param self the socket actor, as classic ref: handler and sender of every command
   * @param socket the captured Java socket, or null
   */
  public PekkoTcpTransport(ActorRef connection, ActorRef self, Socket socket) {
    this.connection = connection;
    this.self = self;
    this.socket = socket;
  }

  @Override
  public org.apache.pekko.actor.typed.ActorRef<Void> lifecycle() {
    return Adapter.toTyped(connection);
  }

  @Override
  public void register() {
    connection.tell(TcpMessage.register(self, true, false), self);
  }

  @Override
  public void write(ByteString data, Tcp.Event ack) {
    connection.tell(TcpMessage.write(data, ack), self);
  }

  @Override
  public int writeNow(ByteString data) {
    SocketChannel channel = channel();
    if (channel == null) return -1;
    try {
      return (int) ChannelWrites.write(channel, data);
    } catch (IOException e) {
      // Pekko IO's Write meets the same error and reports it as the connection's close event.
      return -1;
    }
  }

  @Override
  public void resumeReading() {
    connection.tell(TcpMessage.resumeReading(), self);
  }

  @Override
  public void confirmedClose() {
    connection.tell(TcpMessage.confirmedClose(), self);
  }

  @Override
  public void abort() {
    connection.tell(TcpMessage.abort(), self);
  }

  @Override
  public Socket socket() {
    return socket;
  }
}
