package org.wskactors.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.wskactors.benchmarks.Bench;

/**
 * The soak command end to end in a short version (about half a minute): the samples' chat and echo
 * servers in JVMs of their own, a few hundred idle connections answering PINGs (a 2 s ping interval
 * here), churning chat and echo clients for 12 s, and the end checks. It must pass with no error
 * and no leak, and its figures must show work done. The default run (5 minutes, 10,000 idle chat
 * clients) is {@code java -jar benchmarks/target/wsk-actors-benchmarks.jar soak}.
 */
class SoakTest {

  @Test
  @Timeout(180)
  void aShortSoakPassesWithNoErrorAndNoLeak(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    Path report = dir.resolve("soak.md");
    int code =
        Bench.run(
            new String[] {
              "soak",
              "--duration",
              "12",
              "--warmup",
              "3",
              "--idle",
              "300",
              "--echo-idle",
              "100",
              "--report-every",
              "6",
              "--jvm-flags",
              "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
              "--chat-flags",
              "-Dwsk-chat.ping-interval=2s -Dwsk-chat.ping-timeout=5s",
              "--out",
              report.toString()
            },
            out);
    String log = buf.toString(StandardCharsets.UTF_8);
    System.out.println(log);
    assertEquals(0, code, log);
    String md = Files.readString(report);
    assertTrue(md.contains("| result | PASS |"), md);
    assertTrue(md.contains("| errors | 0 |"), md);
    assertTrue(md.contains("| leaks | none"), md);
    assertTrue(number(md, "bytes verified") > 0, md);
    assertTrue(number(md, "chat lines verified") > 0, md);
    assertTrue(number(md, "PINGs answered") >= 300, "every idle client was pinged: " + md);
    assertTrue(
        md.contains(
            "300 chat clients (registered, answering PING) + 100 echo connections, all answering at"
                + " the end: yes"),
        md);
  }

  @Test
  void badOptionsAreRefusedWithUsage() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    assertEquals(2, Bench.run(new String[] {"soak", "--duration", "soon"}, out));
    assertEquals(2, Bench.run(new String[] {"soak", "--nonsense", "1"}, out));
    String log = buf.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("--duration must be a whole number"), log);
    assertTrue(log.contains("unknown option --nonsense"), log);
    assertTrue(log.contains("usage: java -jar wsk-actors-benchmarks.jar soak"), log);
  }

  private static long number(String md, String row) {
    Matcher m = Pattern.compile("\\| " + Pattern.quote(row) + " \\| ([0-9,]+)").matcher(md);
    assertTrue(m.find(), row + " in " + md);
    return Long.parseLong(m.group(1).replace(",", ""));
  }
}
