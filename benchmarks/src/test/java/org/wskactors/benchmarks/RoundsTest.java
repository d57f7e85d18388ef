package org.wskactors.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wskactors.benchmarks.report.Report;
import org.wskactors.benchmarks.report.Row;
import org.wskactors.benchmarks.report.ScenarioResult;

/**
 * {@code --rounds}: servers measured several times in alternating order, medians in the tables and
 * medians of per-round ratios in the summary.
 */
class RoundsTest {

  private static Row row(String server, boolean ours, double primary, double p99, long errors) {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("msg/s", primary);
    v.put("p99 µs", p99);
    return new Row(server, ours, v, errors, 100, errors == 0 ? "" : "an error");
  }

  /** A row folded from one round per primary value. */
  private static Row rounds(String server, boolean ours, double... primaries) {
    List<Row> rows = new ArrayList<>();
    for (double p : primaries) rows.add(row(server, ours, p, 1, 0));
    return Row.medianOf(rows, "msg/s");
  }

  @Test
  void foldsRoundsIntoMediansAndKeepsThePrimaryOfEachRound() {
    Row folded =
        Row.medianOf(
            List.of(
                row("a", true, 10, 300, 0), row("a", true, 30, 100, 1), row("a", true, 20, 200, 0)),
            "msg/s");
    assertEquals(20.0, folded.value("msg/s"));
    assertEquals(200.0, folded.value("p99 µs"));
    assertEquals(1, folded.errors());
    assertEquals(300, folded.verifiedBytes());
    assertEquals("an error", folded.note());
    assertEquals(List.of(10.0, 30.0, 20.0), folded.rounds());
    assertEquals(2.5, Row.median(List.of(4.0, 1.0, 2.0, 3.0)));
    assertTrue(Double.isNaN(Row.median(List.of())));
  }

  @Test
  void theRatioOfRoundsIsTheMedianOfThePerRoundRatiosNotTheRatioOfMedians() {
    ScenarioResult s = new ScenarioResult("s2", "t", List.of("msg/s", "p99 µs"), true);
    Row ours = rounds("ours", true, 10, 30, 20);
    Row peer = rounds("peer", false, 20, 10, 8);
    // per-round: 0.5, 3.0, 2.5 -> median 2.5; ratio of medians: 20 / 10 = 2.0
    assertEquals("2.50x", Report.ratio(s, ours, peer));
    assertEquals("2.00x", Report.ratio(ours.value("msg/s"), peer.value("msg/s")));
    // single runs: the plain ratio
    assertEquals("0.50x", Report.ratio(s, row("o", true, 10, 1, 0), row("p", false, 20, 1, 0)));
  }

  @Test
  void runsEachServerOncePerRoundInAlternatingOrder(@TempDir Path dir) throws Exception {
    String report = runTwoRounds("s4", "conn/s", dir, "--s4-workers", "2");
    assertTrue(report.contains("median of the per-round ratios"), report);
  }

  @Test
  void measuresIdleMemoryOncePerRoundInAlternatingOrder(@TempDir Path dir) throws Exception {
    runTwoRounds("s5", "RSS B/conn", dir, "--s5-conns", "20", "--s5-settle", "0.1");
  }

  /**
   * Runs {@code scenario} for JDK NIO and the event-style server in two rounds and checks the order
   * (1 a, 1 b, 2 b, 2 a), the median lines and the per-round lines of the report.
   *
   * @return the report
   */
  private static String runTwoRounds(String scenario, String primary, Path dir, String... extra)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                scenario,
                "--servers",
                "jdk-nio,wsk-event",
                "--rounds",
                "2",
                "--profile",
                "false",
                "--chart",
                "false",
                "--out",
                dir.toString()));
    args.addAll(List.of(extra));
    BenchTest.Outcome run = BenchTest.runTiny(args.toArray(new String[0]));
    String log = run.log();
    assertEquals(0, run.code(), log);

    List<String> order = new ArrayList<>();
    Matcher m = Pattern.compile("\\[" + scenario + " round (\\d)/2\\] ([\\w-]+):").matcher(log);
    while (m.find()) order.add(m.group(1) + " " + m.group(2));
    assertEquals(4, order.size(), log);
    String first = order.get(0).substring(2);
    String second = order.get(1).substring(2);
    assertEquals(List.of("1 " + first, "1 " + second, "2 " + second, "2 " + first), order, log);
    String report = Files.readString(dir.resolve("results.md"));
    for (String server : List.of("jdk-nio", "wsk-event")) {
      assertTrue(log.contains("[" + scenario + " median] " + server + ":"), log);
      assertTrue(report.contains("- " + server + ": " + primary + " per round "), report);
    }
    return report;
  }
}
