package org.wskactors.benchmarks.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Idle echo connections held open through the soak: each echoes one short message when opened
 * (verified) and one more at {@link #checkAll}, and is otherwise silent. Opened in batches (a batch
 * is written, then read), from {@code 127.<net>.x.y}.
 */
final class EchoHolders implements AutoCloseable {
  private final List<Socket> sockets = new ArrayList<>();
  private final Tally tally;

  EchoHolders(Tally tally) {
    this.tally = tally;
  }

  /** Opens {@code n} holders; returns how many echoed. */
  int open(InetSocketAddress server, int net, int n) {
    int ok = 0;
    for (int done = 0; done < n; done += 200) {
      List<Socket> batch = new ArrayList<>();
      for (int i = done; i < Math.min(n, done + 200); i++) {
        try {
          Socket s = new Socket();
          s.bind(
              new InetSocketAddress(
                  "127." + net + "." + (i / 250 / 250) + "." + (i / 250 % 250 + 1), 0));
          s.connect(server, LineSocket.TIMEOUT_MS);
          s.setSoTimeout(LineSocket.TIMEOUT_MS);
          batch.add(s);
        } catch (IOException e) {
          tally.error("echo holder " + i + ": " + e);
        }
      }
      ok += echoEach(batch, "open");
      sockets.addAll(batch);
    }
    return ok;
  }

  /** Echoes one message on every holder; returns how many echoed it correctly. */
  int checkAll() {
    return echoEach(sockets, "check");
  }

  /**
   * @return holders open
   */
  int size() {
    return sockets.size();
  }

  private int echoEach(List<Socket> batch, String what) {
    int ok = 0;
    for (int i = 0; i < batch.size(); i++) {
      try {
        batch.get(i).getOutputStream().write(message(what, i));
      } catch (IOException e) {
        tally.error("echo holder " + what + " " + i + ": " + e);
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      byte[] expected = message(what, i);
      try {
        byte[] got = batch.get(i).getInputStream().readNBytes(expected.length);
        if (Arrays.equals(expected, got)) {
          ok++;
          tally.bytesVerified.addAndGet(expected.length);
        } else {
          tally.error(
              "echo holder " + what + " " + i + ": got " + got.length + " bytes, not the message");
        }
      } catch (IOException e) {
        tally.error("echo holder " + what + " " + i + ": " + e);
      }
    }
    return ok;
  }

  private static byte[] message(String what, int i) {
    return String.format("%-32s", what + " " + i).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    sockets.clear();
  }
}
