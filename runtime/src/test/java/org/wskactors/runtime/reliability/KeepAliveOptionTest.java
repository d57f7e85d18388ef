package org.wskactors.runtime.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.Accept;
import org.wskactors.protocol.AcceptCompleted;
import org.wskactors.protocol.AddressFamily;
import org.wskactors.protocol.ConnectionSocket;
import org.wskactors.protocol.GetOption;
import org.wskactors.protocol.ListenSocket;
import org.wskactors.protocol.OptionSet;
import org.wskactors.protocol.OptionValue;
import org.wskactors.protocol.SetOption;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskStatus;

/**
 * The keep-alive timing options ({@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL}, {@code TCP_KEEPCNT})
 * reach the kernel socket: set on a connected socket, and inherited from a listener by the sockets
 * it accepts. That they make a vanished peer visible is {@link VanishedPeerTest}.
 */
@ExtendWith(LogCapturingExtension.class)
class KeepAliveOptionTest {
  static final ActorTestKit testKit = ActorTestKit.create("KeepAliveOptionTest");
  static final Duration T = RelFixture.T;

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  private static <V> void set(ActorRef<? super SetOption<V>> s, SocketOption<V> o, V v) {
    TestProbe<OptionSet> p = testKit.createTestProbe();
    s.tell(new SetOption<>(o, v, p.ref()));
    assertEquals(WskStatus.STATUS_SUCCESS, p.receiveMessage(T).status(), o.name());
  }

  private static Object get(ActorRef<? super GetOption<Integer>> s, SocketOption<Integer> o) {
    TestProbe<OptionValue<Integer>> p = testKit.createTestProbe();
    s.tell(new GetOption<>(o, p.ref()));
    OptionValue<Integer> v = p.receiveMessage(T);
    assertEquals(WskStatus.STATUS_SUCCESS, v.status(), o.name());
    return v.value();
  }

  @Test
  void timingSetOnAListenerIsInheritedAndCanBeChangedOnTheConnection() throws Exception {
    RelFixture f = new RelFixture(testKit, "keepalive");
    TestProbe<ListenSocket.Event> lh = testKit.createTestProbe();
    ActorRef<ListenSocket.Command> l = f.listener(AddressFamily.INET, lh.ref());
    set(l, SocketOption.SO_KEEPALIVE, true);
    set(l, SocketOption.TCP_KEEPIDLE, 7);
    set(l, SocketOption.TCP_KEEPINTVL, 3);
    set(l, SocketOption.TCP_KEEPCNT, 4);
    assertEquals(7, get(l, SocketOption.TCP_KEEPIDLE));
    java.net.InetSocketAddress at = f.bind(l, RelFixture.LOOPBACK_ANY_PORT);
    // Before bind only, as for every listener option.
    TestProbe<OptionSet> late = testKit.createTestProbe();
    l.tell(new SetOption<>(SocketOption.TCP_KEEPIDLE, 9, late.ref()));
    assertEquals(WskStatus.STATUS_INVALID_DEVICE_STATE, late.receiveMessage(T).status());

    TestProbe<AcceptCompleted> acc = testKit.createTestProbe();
    TestProbe<ConnectionSocket.Event> sh = testKit.createTestProbe();
    l.tell(new Accept(sh.ref(), acc.ref()));
    try (Socket peer = RelFixture.plainClient(at)) {
      org.junit.jupiter.api.Assertions.assertTrue(peer.isConnected());
      AcceptCompleted a = acc.receiveMessage(T);
      assertEquals(WskStatus.STATUS_SUCCESS, a.status());
      ActorRef<ConnectionSocket.Command> s = a.socket();
      // Read back from the kernel socket of the accepted connection.
      assertEquals(7, get(s, SocketOption.TCP_KEEPIDLE));
      assertEquals(3, get(s, SocketOption.TCP_KEEPINTVL));
      assertEquals(4, get(s, SocketOption.TCP_KEEPCNT));
      set(s, SocketOption.TCP_KEEPIDLE, 60);
      set(s, SocketOption.TCP_KEEPCNT, 127);
      assertEquals(60, get(s, SocketOption.TCP_KEEPIDLE));
      assertEquals(127, get(s, SocketOption.TCP_KEEPCNT));
      assertEquals(3, get(s, SocketOption.TCP_KEEPINTVL));
      f.close(s);
    }
    f.close(l);
    f.awaitSocketCount(0);
  }
}
