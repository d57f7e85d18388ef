package org.wskactors.runtime.javadsl.docs;

// #facade-example
import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.javadsl.AcceptDecision;
import org.wskactors.runtime.javadsl.ConnectionCallbacks;
import org.wskactors.runtime.javadsl.ReceiveDecision;
import org.wskactors.runtime.javadsl.Received;
import org.wskactors.runtime.javadsl.WskClient;
import org.wskactors.runtime.javadsl.WskConnection;
import org.wskactors.runtime.javadsl.WskException;
import org.wskactors.runtime.javadsl.WskListener;

/** An echo server and a client over the Java facade, from plain Java. */
public final class FacadeExample {
  private FacadeExample() {}

  /**
   * What {@link #run} saw.
   *
   * @param echoed the text the server echoed
   * @param endOfStream whether the client read the end of the stream after its disconnect
   * @param reconnect the status of a connect after the listener was closed
   */
  public record Outcome(String echoed, boolean endOfStream, WskStatus reconnect) {}

  /**
   * Runs the example in its own ActorSystem.
   *
   * @param args not used
   */
  public static void main(String[] args) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "facade-example");
    try {
      System.out.println(run(system));
    } finally {
      system.terminate();
    }
  }

  /**
   * Starts an echo server, talks to it, closes it, and connects once more.
   *
   * @param system the ActorSystem to run in
   */
  public static Outcome run(ActorSystem<?> system) {
    WskClient client = WskClient.register(system, "facade-example").toCompletableFuture().join();
    try {
      // The server: every connection echoes what it receives. The bytes count against the
      // connection's receive window until their echo is sent, so a peer that does not read
      // slows down a peer that writes.
      ConnectionCallbacks echo =
          new ConnectionCallbacks() {
            @Override
            public ReceiveDecision onReceive(WskConnection connection, ByteString data) {
              return ReceiveDecision.retainUntil(connection.send(data));
            }

            @Override
            public void onDisconnect(WskConnection connection) {
              // the peer is done: our FIN follows the queued echoes, then the socket is closed
              connection.disconnect().thenCompose(done -> connection.close());
            }
          };
      WskListener server =
          client
              .listen(
                  new InetSocketAddress("127.0.0.1", 0), incoming -> AcceptDecision.accept(echo))
              .toCompletableFuture()
              .join();

      // The client, without callbacks: send, read the echo, shut down, read the end of stream.
      WskConnection connection = client.connect(server.localAddress()).toCompletableFuture().join();
      String echoed =
          connection
              .send("hello".getBytes(UTF_8))
              .thenCompose(sent -> connection.receive(5, WskFlags.WSK_FLAG_WAITALL))
              .thenApply(received -> received.data().utf8String())
              .toCompletableFuture()
              .join();
      boolean endOfStream =
          connection
              .disconnect()
              .thenCompose(done -> connection.receive(100))
              .thenApply(Received::endOfStream)
              .toCompletableFuture()
              .join();
      connection.close().toCompletableFuture().join();
      server.close().toCompletableFuture().join();

      // Failures are statuses: the listener is closed, so connecting again is refused.
      WskStatus reconnect = WskStatus.STATUS_SUCCESS;
      try {
        client.connect(server.localAddress()).toCompletableFuture().join().close();
      } catch (CompletionException e) {
        reconnect = ((WskException) e.getCause()).status(); // STATUS_CONNECTION_REFUSED
      }
      return new Outcome(echoed, endOfStream, reconnect);
    } finally {
      client.deregister().toCompletableFuture().join();
    }
  }
}
// #facade-example
