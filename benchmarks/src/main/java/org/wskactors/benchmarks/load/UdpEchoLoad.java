package org.wskactors.benchmarks.load;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The UDP echo load: {@code sockets} threads, each with its own socket connected to the server,
 * keep {@code window} datagrams of {@code size} bytes outstanding. A datagram carries its sequence
 * number and send time, then {@link Pattern} bytes that depend on the sequence number; an echo is
 * verified whole. When nothing comes back for {@value #LOSS_TIMEOUT_MS} ms, the outstanding
 * datagrams are counted lost (UDP may drop; that is not an error) and a new window starts. A wrong
 * size or content, or an echo of a datagram that was never sent, is an error.
 */
public final class UdpEchoLoad {
  private UdpEchoLoad() {}

  /** Silence after which the outstanding datagrams of a socket count as lost. */
  static final int LOSS_TIMEOUT_MS = 20;

  /**
   * What to run.
   *
   * @param target the UDP echo server
   * @param sockets client sockets, one thread each
   * @param size bytes per datagram (at least 16)
   * @param window datagrams outstanding per socket
   * @param warmup time before the measurement window
   * @param duration the measurement window
   */
  public record Params(
      InetSocketAddress target,
      int sockets,
      int size,
      int window,
      Duration warmup,
      Duration duration) {}

  /**
   * Runs the load.
   *
   * @param p the parameters
   * @return the merged statistics
   * @throws InterruptedException when interrupted
   */
  public static Stats run(Params p) throws InterruptedException {
    long t0 = System.nanoTime();
    long measureStart = t0 + p.warmup().toNanos();
    long measureEnd = measureStart + p.duration().toNanos();
    List<Stats> all = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < p.sockets(); i++) {
      Stats s = new Stats(measureStart, measureEnd);
      all.add(s);
      Thread t = new Thread(() -> loop(p, s, measureEnd), "udp-load-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) t.join();
    Stats total = new Stats(measureStart, measureEnd);
    for (Stats s : all) total.merge(s);
    return total;
  }

  private static void loop(Params p, Stats s, long until) {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(p.target());
      socket.setSoTimeout(LOSS_TIMEOUT_MS);
      socket.setReceiveBufferSize(1 << 20);
      byte[] out = new byte[p.size()];
      byte[] in = new byte[p.size() + 1];
      DatagramPacket outPacket = new DatagramPacket(out, out.length);
      DatagramPacket inPacket = new DatagramPacket(in, in.length);
      long nextSeq = 0;
      long windowStart = 0; // echoes of sequence numbers below this are late
      int outstanding = 0;
      while (true) {
        long now = System.nanoTime();
        if (now >= until && outstanding == 0) break;
        while (outstanding < p.window() && now < until) {
          ByteBuffer.wrap(out).putLong(nextSeq).putLong(System.nanoTime());
          System.arraycopy(
              Pattern.array(), Pattern.index(nextSeq * 7919), out, 16, out.length - 16);
          socket.send(outPacket);
          nextSeq++;
          outstanding++;
        }
        try {
          inPacket.setLength(in.length);
          socket.receive(inPacket);
        } catch (SocketTimeoutException e) {
          s.lost(outstanding);
          outstanding = 0;
          windowStart = nextSeq;
          continue;
        }
        long got = System.nanoTime();
        ByteBuffer b = ByteBuffer.wrap(in, 0, inPacket.getLength());
        long seq = b.getLong();
        long sentAt = b.getLong();
        if (inPacket.getLength() != p.size()) {
          s.error("echo of " + inPacket.getLength() + " bytes, sent " + p.size());
        } else if (seq < 0 || seq >= nextSeq) {
          s.error("echo of a datagram never sent: " + seq);
        } else if (!Pattern.matches(in, 16, p.size() - 16, Pattern.index(seq * 7919))) {
          s.error("echoed datagram " + seq + " differs from the one sent");
        } else {
          s.verified(p.size());
          if (seq >= windowStart) {
            outstanding--;
            s.complete(got, got - sentAt);
          }
        }
      }
    } catch (IOException e) {
      s.error("udp: " + e);
    }
  }
}
