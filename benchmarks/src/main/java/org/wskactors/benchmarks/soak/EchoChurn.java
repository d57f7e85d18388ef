package org.wskactors.benchmarks.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One echo churn worker of the soak: until stopped, it connects (from a rotating source address in
 * {@code 127.<net>.<worker>.x}), sends one or two messages of 1 byte to 64 KiB, reads each echo
 * back and compares it byte for byte, half-closes, expects the server to close after its FIN, and
 * closes. Every failure is an error in the {@link Tally}.
 */
final class EchoChurn extends Churn {
  private static final int MAX_MESSAGE = 64 * 1024;

  EchoChurn(InetSocketAddress server, int net, int worker, Tally tally, AtomicBoolean stop) {
    super(server, net, worker, tally, stop, 0xEC40L);
  }

  @Override
  public void run() {
    byte[] out = new byte[MAX_MESSAGE];
    byte[] back = new byte[MAX_MESSAGE];
    long n = 0;
    while (!stop.get()) {
      n++;
      InetSocketAddress local = source(n);
      try (Socket s = new Socket()) {
        s.bind(local);
        s.connect(server, LineSocket.TIMEOUT_MS);
        s.setSoTimeout(LineSocket.TIMEOUT_MS);
        OutputStream o = s.getOutputStream();
        InputStream in = s.getInputStream();
        int messages = 1 + random.nextInt(2);
        for (int m = 0; m < messages; m++) {
          int size = 1 + random.nextInt(MAX_MESSAGE);
          random.nextBytes(out);
          o.write(out, 0, size); // at most 64 KiB: fits the kernel's buffers, so no deadlock
          o.flush();
          int read = 0;
          while (read < size) {
            int r = in.read(back, read, size - read);
            if (r < 0) throw new IOException("echo ended after " + read + " of " + size + " bytes");
            read += r;
          }
          if (Arrays.mismatch(out, 0, size, back, 0, size) >= 0) {
            throw new IOException("echoed bytes differ from those sent");
          }
          tally.bytesVerified.addAndGet(size);
        }
        s.shutdownOutput();
        if (in.read() != -1) throw new IOException("bytes after the echo");
        tally.echoConnections.incrementAndGet();
      } catch (IOException e) {
        if (!stop.get())
          tally.error("echo churn " + worker + " #" + n + " from " + local + ": " + e);
      }
    }
  }
}
