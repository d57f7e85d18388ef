package org.wskactors.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the results: {@code results.md} (machine, JDK, date, command, a summary of ratios, one
 * table per scenario, the profile, the parameters), {@code results.csv} (one line per scenario,
 * server and metric) and, through {@link Chart}, {@code results.png}.
 */
public final class Report {
  private Report() {}

  /**
   * What the report says about the run besides the scenarios.
   *
   * @param command the command line that produced it
   * @param date when it started (ISO-8601, UTC)
   * @param source the commit the harness was built from, and whether the tree had changes
   * @param jvmFlags the server processes' JVM flags
   * @param loadBefore the load average when it started
   * @param loadAfter the load average when it ended
   * @param note a remark, e.g. that the machine was busy
   * @param settings every option
   * @param peers server id to description
   * @param profiles the flight recordings' summaries, in order
   */
  public record Context(
      String command,
      String date,
      String source,
      String jvmFlags,
      String loadBefore,
      String loadAfter,
      String note,
      Map<String, String> settings,
      Map<String, String> peers,
      List<Profile> profiles) {}

  /**
   * A flight recording's summary.
   *
   * @param scenario the scenario that ran during the recording
   * @param what what was recorded, how, and the load's result
   * @param profile the summary
   */
  public record Profile(String scenario, String what, JfrProfile profile) {}

  /**
   * Formats a number for a table: thousands separators, fewer decimals for larger values.
   *
   * @param v the value
   * @return the text, {@code -} for NaN
   */
  public static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) return "-";
    double a = Math.abs(v);
    if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
    if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
    if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /**
   * The ratio of ours to a peer's primary metric.
   *
   * @param ours our value
   * @param peer the peer's value
   * @return e.g. {@code 0.85x}, {@code -} when either is missing
   */
  public static String ratio(double ours, double peer) {
    if (Double.isNaN(ours) || Double.isNaN(peer) || peer == 0) return "-";
    return String.format(Locale.ROOT, "%.2fx", ours / peer);
  }

  /**
   * The ratio of ours to a peer's primary metric in a scenario: when both ran the same number of
   * rounds (more than one), the median of the per-round ratios (each round's servers ran back to
   * back, so a round's ratio compares like with like); otherwise the ratio of the two values.
   *
   * @param s the scenario
   * @param ours our row
   * @param peer the peer's row
   * @return e.g. {@code 0.85x}, {@code -} when a value is missing
   */
  public static String ratio(ScenarioResult s, Row ours, Row peer) {
    int n = ours.rounds().size();
    if (n > 1 && peer.rounds().size() == n) {
      List<Double> perRound = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        double o = ours.rounds().get(i);
        double p = peer.rounds().get(i);
        if (!Double.isNaN(o) && !Double.isNaN(p) && p != 0) perRound.add(o / p);
      }
      double m = Row.median(perRound);
      return Double.isNaN(m) ? "-" : String.format(Locale.ROOT, "%.2fx", m);
    }
    return ratio(ours.value(s.primary()), peer.value(s.primary()));
  }

  /**
   * Writes the CSV.
   *
   * @param file where
   * @param results the scenarios
   * @throws IOException when it cannot be written
   */
  public static void writeCsv(Path file, List<ScenarioResult> results) throws IOException {
    StringBuilder sb = new StringBuilder("scenario,server,ours,metric,value\n");
    for (ScenarioResult s : results) {
      for (Row r : s.rows()) {
        for (Map.Entry<String, Double> e : r.values().entrySet()) {
          sb.append(csvLine(s.id(), r, e.getKey(), e.getValue()));
        }
        sb.append(csvLine(s.id(), r, "errors", (double) r.errors()));
        sb.append(csvLine(s.id(), r, "verified bytes", (double) r.verifiedBytes()));
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  private static String csvLine(String scenario, Row r, String metric, double v) {
    String value = Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    return scenario + "," + r.server() + "," + r.ours() + ",\"" + metric + "\"," + value + "\n";
  }

  /**
   * Writes the Markdown report.
   *
   * @param file where
   * @param ctx the run's context
   * @param results the scenarios
   * @param chartName the PNG's file name (relative to the report), or null when there is none
   * @throws IOException when it cannot be written
   */
  public static void writeMarkdown(
      Path file, Context ctx, List<ScenarioResult> results, String chartName) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# wsk-actors benchmarks\n\n");
    md.append("Generated by the benchmark harness (`benchmarks/`) on ")
        .append(ctx.date())
        .append(".\n\n");
    md.append("```\nmvn -B -q -pl benchmarks -am package -DskipTests\n")
        .append(ctx.command())
        .append("\n```\n\n");
    md.append("## Machine\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| CPU | ")
        .append(Machine.cpuModel())
        .append(", ")
        .append(Machine.cores())
        .append(" cores (`nproc`) |\n");
    md.append("| memory | ").append(Machine.memory()).append(" |\n");
    md.append("| OS | ").append(Machine.os()).append(" |\n");
    md.append("| JDK | ").append(Machine.jdk()).append(" |\n");
    md.append("| source | ").append(ctx.source()).append(" |\n");
    md.append("| server JVM flags | `").append(ctx.jvmFlags()).append("` |\n");
    md.append("| load average (1, 5, 15 min) | at start ")
        .append(ctx.loadBefore())
        .append("; at end ")
        .append(ctx.loadAfter())
        .append(" |\n");
    if (!ctx.note().isBlank()) md.append("| note | ").append(ctx.note()).append(" |\n");
    md.append("\n");
    md.append("## How to read this\n\n");
    md.append(
            "- Every server runs in a fresh JVM of its own, started for the scenario and killed after it; ")
        .append(
            "the load generator is plain JDK NIO in the harness's JVM, on the same machine, so client and ")
        .append("server share the cores. Each scenario warms up, then measures.\n");
    md.append(
            "- **Warm-up**: the scenario's load runs in 2-second steps until, during one step, the ")
        .append(
            "server's JIT compiler threads (HotSpot's C1 and C2) used less than 5 % of one core, at most ")
        .append(
            "`--warmup-max` seconds (**JIT warm-up s** is how long that took; a note says when the maximum ")
        .append(
            "was reached first); then the measured load starts with its own `--warmup` seconds before ")
        .append(
            "the window. Compiling a server's hot paths takes 5 to 20 s under load and a quarter of two ")
        .append("cores while it lasts; a window inside it measures the compiler.\n");
    md.append(
            "- Rates are the **median of the per-second rates** of the measurement window. Latencies are ")
        .append(
            "HdrHistogram percentiles of the whole window, in microseconds, from queuing a message to ")
        .append(
            "receiving its last echoed byte. MB/s counts echoed payload once, 1 MB = 10^6 bytes.\n");
    md.append(
            "- **server CPU µs/msg** (s1 to s3) is the server process's CPU time (user + system, all ")
        .append(
            "threads) over the measurement window divided by the messages echoed in it: the cost of a ")
        .append(
            "message, which the load generator sharing the cores disturbs far less than it does rates. ")
        .append(
            "**server CPU µs/conn** (s4) is the same divided by the connections completed: the cost of ")
        .append("accepting, echoing once and closing a connection.\n");
    md.append(
            "- Every echoed byte is compared with what was sent; **errors** counts mismatches, unexpected ")
        .append(
            "closes, I/O errors, timeouts and failed starts. UDP losses are counted apart (not errors).\n");
    md.append(
            "- **Ratios** divide this project's primary metric by the peer's, measured in the same run: ")
        .append("above 1 means ours is higher (better for rates, worse for latency and memory).\n");
    md.append(
            "- With `--rounds N` (N > 1) every server of s1 to s6 runs N times (s5 in a fresh process each time), the servers' ")
        .append(
            "order reversed every other round; each value in the tables is the median over the rounds, ")
        .append(
            "each ratio the **median of the per-round ratios**, and the primary metric of every round is ")
        .append("listed under the scenario's table.\n\n");
    if (chartName != null) md.append("![benchmark chart](").append(chartName).append(")\n\n");

    writeSummary(md, results);

    md.append("## Scenarios\n\n");
    for (ScenarioResult s : results) writeScenario(md, s, ctx.peers());

    if (!ctx.profiles().isEmpty()) {
      md.append("## Where the time goes (flight recordings)\n\n");
      for (Profile p : ctx.profiles()) writeProfile(md, p.scenario(), p.profile(), p.what());
    }

    md.append("## Servers\n\n| id | what |\n|---|---|\n");
    for (Map.Entry<String, String> e : ctx.peers().entrySet()) {
      md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n");
    }
    md.append("\n## Parameters\n\n| option | value |\n|---|---|\n");
    ctx.settings().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                md.append("| `--")
                    .append(e.getKey())
                    .append("` | `")
                    .append(e.getValue())
                    .append("` |\n"));
    md.append("\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
  }

  private static void writeSummary(StringBuilder md, List<ScenarioResult> results) {
    Set<String> peers = new LinkedHashSet<>();
    for (ScenarioResult s : results) {
      for (Row r : s.rows()) if (!r.ours() && !r.values().isEmpty()) peers.add(r.server());
    }
    if (peers.isEmpty()) return;
    md.append("## Summary: this project's primary metric divided by each peer's\n\n");
    md.append("| scenario | metric | ours |");
    for (String p : peers) md.append(" ÷ ").append(p).append(" |");
    md.append("\n|---|---|---|");
    for (int i = 0; i < peers.size(); i++) md.append("---:|");
    md.append("\n");
    for (ScenarioResult s : results) {
      if (s.rows().stream().noneMatch(r -> !r.ours() && !r.values().isEmpty())) continue;
      for (Row ours : s.rows()) {
        if (!ours.ours() || ours.values().isEmpty()) continue;
        md.append("| ")
            .append(s.id())
            .append(" | ")
            .append(s.primary())
            .append(s.higherIsBetter() ? " (higher is better)" : " (lower is better)")
            .append(" | ")
            .append(ours.server())
            .append(" |");
        for (String p : peers) {
          Row peer = s.row(p);
          md.append(" ").append(peer == null ? "" : ratio(s, ours, peer)).append(" |");
        }
        md.append("\n");
      }
    }
    md.append("\n");
  }

  private static void writeScenario(StringBuilder md, ScenarioResult s, Map<String, String> peers) {
    md.append("### ").append(s.id()).append(": ").append(s.title()).append("\n\n");
    List<Row> ours = new ArrayList<>();
    for (Row r : s.rows()) if (r.ours() && !r.values().isEmpty()) ours.add(r);
    md.append("| server |");
    for (String c : s.columns()) md.append(" ").append(c).append(" |");
    md.append(" errors |");
    for (Row o : ours) md.append(" ").append(o.server()).append(" ÷ this |");
    md.append("\n|---|");
    for (int i = 0; i < s.columns().size() + 1 + ours.size(); i++) md.append("---:|");
    md.append("\n");
    for (Row r : s.rows()) {
      md.append("| ").append(r.ours() ? "**" + r.server() + "**" : r.server()).append(" |");
      for (String c : s.columns()) md.append(" ").append(num(r.value(c))).append(" |");
      md.append(" ").append(r.errors()).append(" |");
      for (Row o : ours) {
        md.append(" ").append(o == r ? "" : ratio(s, o, r)).append(" |");
      }
      md.append("\n");
    }
    md.append("\n");
    for (Row r : s.rows()) {
      if (r.rounds().size() > 1) {
        List<String> per = new ArrayList<>();
        for (double v : r.rounds()) per.add(num(v));
        md.append("- ")
            .append(r.server())
            .append(": ")
            .append(s.primary())
            .append(" per round ")
            .append(String.join(", ", per))
            .append("\n");
      }
    }
    for (Row r : s.rows()) {
      if (r.note() != null && !r.note().isBlank()) {
        md.append("- ").append(r.server()).append(": ").append(r.note()).append("\n");
      }
    }
    for (String n : s.notes()) md.append("- ").append(n).append("\n");
    md.append("\n");
  }

  private static void writeProfile(StringBuilder md, String scenario, JfrProfile p, String what) {
    md.append("### wsk-event under ").append(scenario).append("\n\n");
    md.append(what).append("\n\n");
    md.append("CPU samples (`jdk.ExecutionSample`): ")
        .append(p.executionSamples())
        .append("; native samples (`jdk.NativeMethodSample`, threads blocked in native code): ")
        .append(p.nativeSamples())
        .append("; GCs: ")
        .append(p.gcCount())
        .append(", total pause ")
        .append(p.gcPause().toMillis())
        .append(" ms.\n\n");
    md.append(
        "By component (top frame of each CPU sample):\n\n| component | samples | share |\n|---|---:|---:|\n");
    appendCounts(md, p.byComponent(), p.executionSamples());
    md.append("\nTop frames (self):\n\n| method | samples | share |\n|---|---:|---:|\n");
    appendCounts(md, p.topSelf(), p.executionSamples());
    md.append(
        "\nThis project's methods on the stack (inclusive):\n\n| method | samples | share |\n|---|---:|---:|\n");
    appendCounts(md, p.projectInclusive(), p.executionSamples());
    md.append("\nAllocation (sampled weight) by type:\n\n| type | MB | share |\n|---|---:|---:|\n");
    long totalAlloc = p.allocationByType().values().stream().mapToLong(Long::longValue).sum();
    for (Map.Entry<String, Long> e : p.allocationByType().entrySet()) {
      md.append("| `")
          .append(e.getKey())
          .append("` | ")
          .append(num(e.getValue() / 1e6))
          .append(" | ")
          .append(
              String.format(Locale.ROOT, "%.1f%%", 100.0 * e.getValue() / Math.max(1, totalAlloc)))
          .append(" |\n");
    }
    md.append("\n");
  }

  private static void appendCounts(StringBuilder md, Map<String, Long> counts, long total) {
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      md.append("| `")
          .append(e.getKey())
          .append("` | ")
          .append(e.getValue())
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * e.getValue() / Math.max(1, total)))
          .append(" |\n");
    }
  }
}
