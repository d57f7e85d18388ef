package org.wskactors.samples.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wskactors.samples.ServerStartup;

/**
 * Pipes random bytes through the echo server with a real {@code socat} process, both directions at
 * once: socat reads its stdin from a file and writes the echo to its stdout, which a thread hashes
 * while socat runs. Skipped when socat is not installed.
 */
@ExtendWith(LogCapturingExtension.class)
class EchoSocatTest {
  static final ActorTestKit testKit = ActorTestKit.create("EchoSocatTest");
  static final Logger log = LoggerFactory.getLogger(EchoSocatTest.class);

  static int port;

  @TempDir static Path tmp;

  @BeforeAll
  static void startServer() {
    Assumptions.assumeTrue(socatInstalled(), "socat not installed: apt-get install socat");
    TestProbe<ServerStartup> started = testKit.createTestProbe();
    testKit.spawn(EchoServer.create(0, started.ref()), "echo");
    port =
        started
            .expectMessageClass(ServerStartup.Listening.class, Duration.ofSeconds(10))
            .address()
            .getPort();
  }

  @AfterAll
  static void shutdownTestKit() {
    testKit.shutdownTestKit();
  }

  static boolean socatInstalled() {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "socat"))) return true;
    }
    return false;
  }

  static boolean ipv6LoopbackAvailable() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("::1", 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  @Timeout(120)
  void sixtyFourMiBThroughSocatOverIpv4() throws Exception {
    pipeThroughSocat("TCP4:127.0.0.1:" + port, 64 << 20);
  }

  @Test
  @Timeout(60)
  void eightMiBThroughSocatOverIpv6() throws Exception {
    Assumptions.assumeTrue(ipv6LoopbackAvailable(), "::1 is not available on this host");
    pipeThroughSocat("TCP6:[::1]:" + port, 8 << 20);
  }

  /**
   * Runs {@code socat - <address>} with {@code size} random bytes on stdin and checks that stdout
   * carries the same bytes back.
   */
  static void pipeThroughSocat(String address, int size) throws Exception {
    Path input = tmp.resolve("input-" + size + ".bin");
    byte[] expected = writeRandomFile(input, size);

    // -b: bigger transfer blocks; -t: after stdin's EOF (socat then half-closes the TCP side),
    // wait up to 60 s for the server's FIN instead of the default 0.5 s.
    List<String> command = List.of("socat", "-b", "131072", "-t", "60", "-", address);
    Path errors = tmp.resolve("socat-" + size + ".err");
    Process socat =
        new ProcessBuilder(command)
            .redirectInput(input.toFile())
            .redirectError(errors.toFile())
            .start();
    long start = System.nanoTime();
    CompletableFuture<long[]> readCount = new CompletableFuture<>();
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    Thread reader =
        new Thread(
            () -> {
              try (InputStream out = socat.getInputStream()) {
                byte[] buf = new byte[128 * 1024];
                long n = 0;
                for (int r; (r = out.read(buf)) != -1; ) {
                  digest.update(buf, 0, r);
                  n += r;
                }
                readCount.complete(new long[] {n});
              } catch (Throwable t) {
                readCount.completeExceptionally(t);
              }
            },
            "socat-stdout-reader");
    reader.setDaemon(true);
    reader.start();
    try {
      boolean exited = socat.waitFor(100, TimeUnit.SECONDS);
      assertTrue(exited, "socat finished within 100 s");
      long received = readCount.get(10, TimeUnit.SECONDS)[0];
      long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
      String stderr = Files.readString(errors);
      assertEquals(0, socat.exitValue(), "socat exit code; stderr: " + stderr);
      assertEquals(size, received, "bytes echoed back through socat");
      assertArrayEquals(expected, digest.digest(), "SHA-256 of what went in and came back");
      log.info(
          "{} MiB echoed through socat over {} in {} ms ({} MiB/s each way)",
          size >> 20,
          address,
          millis,
          String.format("%.1f", (size / 1048576.0) / (millis / 1000.0)));
    } finally {
      socat.destroyForcibly();
    }
  }

  /** Writes {@code size} random bytes to {@code file}; returns their SHA-256. */
  static byte[] writeRandomFile(Path file, int size) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    SplittableRandom random = new SplittableRandom(size);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int written = 0; written < size; written += chunk.length) {
        for (int i = 0; i < chunk.length; i += 8) {
          long v = random.nextLong();
          for (int k = 0; k < 8; k++) chunk[i + k] = (byte) (v >>> (8 * k));
        }
        int n = Math.min(chunk.length, size - written);
        out.write(chunk, 0, n);
        digest.update(chunk, 0, n);
      }
    }
    return digest.digest();
  }
}
