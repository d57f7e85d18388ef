package org.wskactors.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wskactors.benchmarks.load.ChatLoad;
import org.wskactors.benchmarks.load.ConnectLoad;
import org.wskactors.benchmarks.load.IdleLoad;
import org.wskactors.benchmarks.load.Stats;
import org.wskactors.benchmarks.load.TcpEchoLoad;
import org.wskactors.benchmarks.load.UdpEchoLoad;
import org.wskactors.benchmarks.report.Chart;
import org.wskactors.benchmarks.report.JfrProfile;
import org.wskactors.benchmarks.report.Machine;
import org.wskactors.benchmarks.report.Report;
import org.wskactors.benchmarks.report.Row;
import org.wskactors.benchmarks.report.ScenarioResult;
import org.wskactors.benchmarks.soak.Soak;

/**
 * The benchmark harness: {@code java -jar wsk-actors-benchmarks.jar <command> [--option value]...}.
 *
 * <p>Commands: {@code all} (every scenario, iperf3 and the flight recording), {@code tcp} (s1 to
 * s3), {@code connect} (s4), {@code idle} (s5), {@code udp} (s6), {@code chat} (s7), {@code
 * profile} (flight recordings of this project's event-style server under the scenarios of {@code
 * --profile-scenarios}, s2 and s4 by default), a comma-separated list of scenario ids such as
 * {@code s2,s5}, {@code help}, and {@code soak} (the reliability soak, {@link Soak}, with options
 * of its own). Options are in {@link Settings#DEFAULTS}. The results go to {@code --out} (default
 * {@code docs/benchmarks}): {@code results.md}, {@code results.csv}, {@code results.png}, rewritten
 * after every scenario.
 *
 * <p>Each server runs in a JVM of its own, fresh for every scenario, with the same JVM flags; the
 * load generators ({@link TcpEchoLoad}, {@link ConnectLoad}, {@link IdleLoad}, {@link UdpEchoLoad},
 * {@link ChatLoad}) run in this JVM. The exit code is 0 when no errors were counted, 1 otherwise, 2
 * for bad arguments.
 */
public final class Bench {

  /** Column names shared by the report and the chart. */
  static final String P50 = "p50 µs";

  static final String P99 = "p99 µs";

  static final String P999 = "p99.9 µs";

  /**
   * Server CPU time (user + system, all threads) per echoed message over the measurement window:
   * less sensitive than rates to the load generator sharing the cores.
   */
  static final String CPU_PER_MSG = "server CPU µs/msg";

  /** The same per completed connection (s4: accept, one echo, close). */
  static final String CPU_PER_CONN = "server CPU µs/conn";

  /** How long the load ran before the server's JIT compilers were quiet ({@link JitWarmup}). */
  static final String WARMUP_S = "JIT warm-up s";

  private final Settings settings;
  private final PrintStream out;
  private final String commandLine;
  private final List<ScenarioResult> results = new ArrayList<>();
  private final Map<String, String> peers = new LinkedHashMap<>();
  private final String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  private final String loadBefore = Machine.loadAverage();
  private final String source = source();
  private final List<Report.Profile> profiles = new ArrayList<>();

  private Bench(Settings settings, PrintStream out, String commandLine) {
    this.settings = settings;
    this.out = out;
    this.commandLine = commandLine;
  }

  /**
   * Runs the harness and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /**
   * Runs the harness.
   *
   * @param args the command line
   * @param out where progress goes
   * @return 0 when no errors were counted, 1 otherwise, 2 for bad arguments
   */
  public static int run(String[] args, PrintStream out) {
    if (args.length > 0 && args[0].equals("soak")) return Soak.run(args, out);
    Settings settings;
    Set<String> scenarios;
    try {
      settings = Settings.parse(args);
      if (settings.command().equals("help")) {
        out.println(usage());
        return 0;
      }
      scenarios = scenarios(settings.command());
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      out.println(usage());
      return 2;
    }
    StringBuilder cmd = new StringBuilder("java -jar benchmarks/target/wsk-actors-benchmarks.jar");
    for (String a : args) cmd.append(' ').append(a.matches("[\\w@%+=:,./-]+") ? a : "'" + a + "'");
    Bench bench = new Bench(settings, out, cmd.toString());
    try {
      return bench.runAll(scenarios) == 0 ? 0 : 1;
    } catch (IOException e) {
      out.println("error: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /**
   * @return the usage text
   */
  static String usage() {
    StringBuilder sb = new StringBuilder();
    sb.append(
            "usage: java -jar wsk-actors-benchmarks.jar [all|tcp|connect|idle|udp|chat|profile|s1,s2,...|help]")
        .append(" [--option value]...\n")
        .append(
            "       java -jar wsk-actors-benchmarks.jar soak [--option value]...   (soak --help for its options)\n\n");
    sb.append(
            "scenarios: s1 one connection, big messages (MB/s); s2 100 connections 64 B; s3 1,000 connections 1 KiB;\n")
        .append(
            "  s4 connect rate; s5 idle connections (memory); s6 UDP; s7 chat; profile: JFR of wsk-event (--profile-scenarios, s1 to s4)\n\n");
    sb.append("options (also -Dbench.<name>=value):\n");
    for (Map.Entry<String, String> e : Settings.DEFAULTS.entrySet()) {
      sb.append(String.format(Locale.ROOT, "  --%-18s default %s%n", e.getKey(), e.getValue()));
    }
    return sb.toString();
  }

  static Set<String> scenarios(String command) {
    Set<String> all =
        new LinkedHashSet<>(List.of("s1", "s2", "s3", "s4", "s5", "s6", "s7", "profile"));
    Set<String> s = new LinkedHashSet<>();
    switch (command) {
      case "all" -> s.addAll(all);
      case "tcp" -> s.addAll(List.of("s1", "s2", "s3"));
      case "connect" -> s.add("s4");
      case "idle" -> s.add("s5");
      case "udp" -> s.add("s6");
      case "chat" -> s.add("s7");
      default -> {
        for (String id : command.split(",")) {
          if (!all.contains(id.trim()))
            throw new IllegalArgumentException("unknown command " + command);
          s.add(id.trim());
        }
      }
    }
    return s;
  }

  private long runAll(Set<String> scenarios) throws IOException, InterruptedException {
    out.println(
        "wsk-actors benchmarks: " + scenarios + ", results in " + settings.out().toAbsolutePath());
    out.println("server logs in " + settings.logDir());
    for (String id : scenarios) {
      String load = Machine.loadAverage();
      int sizeBefore = results.size();
      switch (id) {
        case "s1" -> scenario1();
        case "s2", "s3" -> requestResponse(id);
        case "s4" -> scenario4();
        case "s5" -> scenario5();
        case "s6" -> scenario6();
        case "s7" -> scenario7();
        case "profile" -> {
          if (settings.flag("profile")) {
            for (String p : settings.get("profile-scenarios").split("\\s*,\\s*")) profile(p.trim());
          }
        }
        default -> throw new IllegalStateException(id);
      }
      if (results.size() > sizeBefore) {
        results
            .get(results.size() - 1)
            .note(
                "Load average (1, 5, 15 min) when the scenario started: "
                    + load
                    + "; at its end: "
                    + Machine.loadAverage()
                    + ".");
      }
      write();
    }
    long errors = results.stream().mapToLong(ScenarioResult::errors).sum();
    out.println("done: " + errors + " errors; " + settings.out().resolve("results.md"));
    return errors;
  }

  private void write() throws IOException {
    Path dir = settings.out();
    Files.createDirectories(dir);
    String chart = null;
    if (settings.flag("chart")) {
      Chart.write(dir.resolve("results.png"), results);
      chart = "results.png";
    }
    Report.writeCsv(dir.resolve("results.csv"), results);
    Report.writeMarkdown(
        dir.resolve("results.md"),
        new Report.Context(
            commandLine,
            started,
            source,
            settings.get("jvm-flags"),
            loadBefore,
            Machine.loadAverage(),
            settings.get("note"),
            settings.all(),
            peers,
            profiles),
        results,
        chart);
  }

  // ---- servers -------------------------------------------------------------------------------

  private ServerProcess startPeer(Peer peer, String scenario, List<String> extraFlags)
      throws IOException {
    peers.put(peer.id(), peer.description());
    List<String> args = new ArrayList<>(peer.args());
    args.add("127.0.0.1");
    args.add("0");
    return ServerProcess.startJvm(
        scenario + "-" + peer.id(), settings, extraFlags, peer.mainClass(), args);
  }

  private List<Peer> selected(List<Peer> peers) {
    return peers.stream().filter(p -> settings.selected(p.id())).toList();
  }

  private Duration warmup() {
    return settings.seconds("warmup");
  }

  private Duration duration() {
    return settings.seconds("duration");
  }

  /** A scenario's load against a server: a fixed warm-up, then the measurement window. */
  @FunctionalInterface
  private interface Load {
    Stats run(Duration warmup, Duration duration) throws IOException, InterruptedException;
  }

  /** A measured load, its server CPU window and the JIT warm-up before it (null: none). */
  private record Measured(Stats stats, CpuWindow cpu, JitWarmup.Outcome warm) {}

  /**
   * Runs the load until the server's JIT compilers are quiet (see {@link JitWarmup}), then once
   * more, measured, with the fixed warm-up and the window of the settings.
   */
  private Measured warmThenMeasure(ServerProcess sp, Load load)
      throws IOException, InterruptedException {
    JitWarmup.Outcome warm = warmUp(sp, d -> load.run(Duration.ZERO, d));
    CpuWindow cpu = CpuWindow.start(sp, warmup(), duration());
    return new Measured(load.run(warmup(), duration()), cpu, warm);
  }

  /**
   * Runs a TCP echo load whose connections stay open from the JIT warm-up to the end of the
   * measurement: the warm-up waits, while the load runs, until the server's compilers are quiet.
   * Reconnecting for every step would keep compiling the connection churn (1,000 connections per
   * step under s3).
   */
  private Measured warmWhileLoading(ServerProcess sp, TcpEchoLoad.Params p)
      throws IOException, InterruptedException {
    JitWarmup.Outcome[] warm = new JitWarmup.Outcome[1];
    CpuWindow[] cpu = new CpuWindow[1];
    Stats st =
        TcpEchoLoad.run(
            p,
            () -> {
              warm[0] = warmUp(sp, JitWarmup::whileLoaded);
              cpu[0] = CpuWindow.start(sp, warmup(), duration());
            });
    return new Measured(st, cpu[0], warm[0]);
  }

  /** Warms the server up until its JIT compilers are quiet (see {@link JitWarmup}). */
  private JitWarmup.Outcome warmUp(ServerProcess sp, JitWarmup.Step step)
      throws IOException, InterruptedException {
    return JitWarmup.run(
        sp::jitCpuNanos, System::nanoTime, step, JitWarmup.STEP, settings.seconds("warmup-max"));
  }

  /** The row with the warm-up's length and, when it hit its maximum, a note saying so. */
  private static Row warmed(Row r, JitWarmup.Outcome warm) {
    if (warm == null) return r;
    r.values().put(WARMUP_S, warm.seconds());
    if (warm.note().isEmpty()) return r;
    String note = r.note().isBlank() ? warm.note() : r.note() + "; " + warm.note();
    return new Row(
        r.server(), r.ours(), r.values(), r.errors(), r.verifiedBytes(), note, r.rounds());
  }

  /** A row from load statistics: the columns' values and the errors. */
  private Row row(Peer peer, Map<String, Double> values, Stats s, ServerProcess sp) {
    long errors = s.errors();
    String note =
        s.errorSamples().isEmpty() ? "" : "errors: " + String.join("; ", s.errorSamples());
    if (sp != null && !sp.isAlive()) {
      errors++;
      note = (note + " server process died: " + sp.describeFailure()).trim();
    }
    return new Row(peer.id(), peer.ours(), values, errors, s.verifiedBytes(), note);
  }

  private void progress(String scenario, Row r, ScenarioResult s) {
    StringBuilder sb = new StringBuilder("[" + scenario + "] " + r.server() + ":");
    for (String c : s.columns())
      sb.append(" ").append(c).append("=").append(Report.num(r.value(c)));
    sb.append(" errors=").append(r.errors());
    if (!r.note().isBlank()) sb.append(" (").append(r.note()).append(")");
    out.println(sb);
  }

  private Row failedStart(Peer peer, Exception e) {
    return Row.without(peer.id(), peer.ours(), 1, "failed: " + e.getMessage());
  }

  /** Measures one server once: a row of its metrics. */
  @FunctionalInterface
  private interface Measure {
    Row run(Peer peer) throws InterruptedException;
  }

  /**
   * Measures every server {@code --rounds} times, the order reversed every other round so that no
   * server always runs first or last, and adds one row per server in the servers' order: the row
   * itself for one round, else the rounds folded by {@link Row#medianOf} (medians, and the primary
   * metric of every round for the per-round ratios).
   */
  private void measureRounds(ScenarioResult s, List<Peer> peers, Measure measure)
      throws InterruptedException {
    int rounds = settings.integer("rounds");
    if (rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1");
    Map<String, List<Row>> byPeer = new LinkedHashMap<>();
    for (Peer p : peers) byPeer.put(p.id(), new ArrayList<>());
    for (int round = 1; round <= rounds; round++) {
      List<Peer> order = new ArrayList<>(peers);
      if (round % 2 == 0) Collections.reverse(order);
      for (Peer p : order) {
        Row r = measure.run(p);
        byPeer.get(p.id()).add(r);
        progress(rounds == 1 ? s.id() : s.id() + " round " + round + "/" + rounds, r, s);
      }
    }
    for (Peer p : peers) {
      List<Row> rows = byPeer.get(p.id());
      Row r = rows.size() == 1 ? rows.get(0) : Row.medianOf(rows, s.primary());
      s.add(r);
      if (rows.size() > 1) progress(s.id() + " median", r, s);
    }
  }

  // ---- s1 to s3: echo load -------------------------------------------------------------------

  private void scenario1() throws InterruptedException, IOException {
    int size = settings.integer("s1-size");
    int inFlight = settings.integer("s1-inflight");
    ScenarioResult s =
        new ScenarioResult(
            "s1",
            "1 connection, " + kib(size) + " messages, " + inFlight + " in flight: throughput",
            List.of("MB/s", "msg/s", P50, P99, CPU_PER_MSG, WARMUP_S),
            true);
    results.add(s);
    measureRounds(
        s,
        selected(Peer.TCP),
        peer -> {
          Row r = echo(s, peer);
          if (r.values().containsKey("msg/s")) {
            r.values().put("MB/s", r.value("msg/s") * size / 1e6);
          }
          reorder(r, s.columns());
          return r;
        });
    iperf(s);
  }

  private void requestResponse(String id) throws InterruptedException {
    int conns = settings.integer(id + "-conns");
    int size = settings.integer(id + "-size");
    ScenarioResult s =
        new ScenarioResult(
            id,
            String.format(
                Locale.ROOT,
                "%,d connections, %d-byte request/response (1 in flight each)",
                conns,
                size),
            List.of("msg/s", P50, P99, P999, CPU_PER_MSG, WARMUP_S),
            true);
    results.add(s);
    measureRounds(s, selected(Peer.TCP), peer -> echo(s, peer));
  }

  private Row echo(ScenarioResult s, Peer peer) throws InterruptedException {
    try (ServerProcess sp = startPeer(peer, s.id(), List.of())) {
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", sp.awaitPort(60));
      Measured m = warmWhileLoading(sp, echoParams(s.id(), target, warmup(), duration()));
      Stats st = m.stats();
      Map<String, Double> v = new LinkedHashMap<>();
      v.put("msg/s", st.medianRate());
      v.put(P50, st.latencyMicros(50));
      v.put(P99, st.latencyMicros(99));
      v.put(P999, st.latencyMicros(99.9));
      v.put(CPU_PER_MSG, m.cpu().microsPer(st.operations()));
      return warmed(row(peer, v, st, sp), m.warm());
    } catch (IOException e) {
      return failedStart(peer, e);
    }
  }

  private static void reorder(Row r, List<String> columns) {
    Map<String, Double> copy = new LinkedHashMap<>(r.values());
    r.values().clear();
    for (String c : columns) if (copy.containsKey(c)) r.values().put(c, copy.get(c));
  }

  private void iperf(ScenarioResult s) throws InterruptedException, IOException {
    if (!settings.flag("iperf") || !settings.selected("iperf3")) return;
    if (Machine.run("iperf3", "--version") == null) {
      s.note(
          "iperf3: skipped, not installed (`apt-get install -y iperf3` to add the machine's ceiling)");
      return;
    }
    peers.put(
        "iperf3",
        "iperf3 over loopback, one TCP stream in one direction (the machine's ceiling, not an echo)");
    int port = freePort();
    long secs = Math.max(1, Math.round(duration().toMillis() / 1000.0));
    long omit = Math.max(0, Math.round(warmup().toMillis() / 1000.0));
    try (ServerProcess srv =
        ServerProcess.start(
            "s1-iperf3-server",
            settings,
            List.of("iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", Integer.toString(port)))) {
      Thread.sleep(500);
      if (!srv.isAlive()) {
        s.note("iperf3: skipped, its server exited: " + srv.firstErrorLine());
        return;
      }
      Process client =
          new ProcessBuilder(
                  "iperf3",
                  "-c",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(port),
                  "-t",
                  Long.toString(secs),
                  "-O",
                  Long.toString(omit),
                  "-J")
              .redirectErrorStream(true)
              .start();
      String json = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      client.waitFor(secs + omit + 30, TimeUnit.SECONDS);
      Matcher m =
          Pattern.compile(
                  "\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)")
              .matcher(json);
      if (!m.find()) {
        s.add(
            Row.without(
                "iperf3",
                false,
                0,
                "no result: " + json.substring(0, Math.min(200, json.length()))));
        return;
      }
      Map<String, Double> v = new LinkedHashMap<>();
      v.put("MB/s", Double.parseDouble(m.group(1)) / 8 / 1e6);
      Row r =
          new Row(
              "iperf3",
              false,
              v,
              0,
              0,
              "mean over " + secs + " s after " + omit + " s omitted; one direction, not verified");
      s.add(r);
      progress("s1", r, s);
    } catch (IOException e) {
      s.note("iperf3: skipped, " + e.getMessage());
    }
  }

  // ---- s4: connect rate ----------------------------------------------------------------------

  private void scenario4() throws InterruptedException {
    int workers = settings.integer("s4-workers");
    ScenarioResult s =
        new ScenarioResult(
            "s4",
            "new connections per second: connect, one 64-byte echo, close ("
                + workers
                + " client threads)",
            List.of("conn/s", P50, P99, CPU_PER_CONN, WARMUP_S),
            true);
    results.add(s);
    measureRounds(s, selected(Peer.TCP), peer -> connectRate(peer, workers));
  }

  private Row connectRate(Peer peer, int workers) throws InterruptedException {
    try (ServerProcess sp = startPeer(peer, "s4", List.of())) {
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", sp.awaitPort(60));
      Measured m =
          warmThenMeasure(
              sp, (w, d) -> ConnectLoad.run(new ConnectLoad.Params(target, workers, 64, w, d)));
      Stats st = m.stats();
      Map<String, Double> v = new LinkedHashMap<>();
      v.put("conn/s", st.medianRate());
      v.put(P50, st.latencyMicros(50));
      v.put(P99, st.latencyMicros(99));
      v.put(CPU_PER_CONN, m.cpu().microsPer(st.operations()));
      return warmed(row(peer, v, st, sp), m.warm());
    } catch (IOException e) {
      return failedStart(peer, e);
    }
  }

  // ---- s5: idle connections ------------------------------------------------------------------

  private void scenario5() throws InterruptedException {
    int n = settings.integer("s5-conns");
    ScenarioResult s =
        new ScenarioResult(
            "s5",
            String.format(Locale.ROOT, "%,d idle connections: server memory per connection", n),
            List.of("RSS B/conn", "heap B/conn", "connections", "RSS before MiB"),
            false);
    s.note(
        "RSS from /proc/<pid>/status (VmRSS) and heap in use from `jcmd <pid> GC.heap_info`, each after "
            + "`jcmd <pid> GC.run` and a pause, before and after opening the connections (each echoes 32 bytes, "
            + "verified, then idles); the difference divided by the connections. The server is warmed with 200 "
            + "connections first. RSS includes heap pages first touched during the run, so it is noisy; the heap "
            + "figure is the live objects. Every round starts a fresh process for each server; with several "
            + "rounds the figures are the medians, as in the other scenarios.");
    results.add(s);
    measureRounds(s, selected(Peer.TCP), peer -> idleMemory(peer, n));
  }

  /** s5 for one server: a fresh process, memory before and after {@code n} idle connections. */
  private Row idleMemory(Peer peer, int n) throws InterruptedException {
    try (ServerProcess sp = startPeer(peer, "s5", List.of())) {
      int port = sp.awaitPort(60);
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
      long settle = settings.seconds("s5-settle").toMillis();
      IdleLoad warm = IdleLoad.open(target, 200); // held open while the server settles
      try (warm) {
        Thread.sleep(settle / 5);
      }
      Thread.sleep(settle);
      sp.gc();
      Thread.sleep(settle);
      long rss0 = sp.rssKiB();
      long heap0 = sp.heapUsedKiB();
      try (IdleLoad idle = IdleLoad.open(target, n)) {
        Thread.sleep(2 * settle);
        sp.gc();
        Thread.sleep(settle);
        long rss1 = sp.rssKiB();
        long heap1 = sp.heapUsedKiB();
        int c = Math.max(1, idle.connections());
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("RSS B/conn", rss0 < 0 ? Double.NaN : (rss1 - rss0) * 1024.0 / c);
        v.put("heap B/conn", heap0 < 0 ? Double.NaN : (heap1 - heap0) * 1024.0 / c);
        v.put("connections", (double) idle.connections());
        v.put("RSS before MiB", rss0 / 1024.0);
        return row(peer, v, idle.stats(), sp);
      }
    } catch (IOException e) {
      return failedStart(peer, e);
    }
  }

  // ---- s6: UDP -------------------------------------------------------------------------------

  private void scenario6() throws InterruptedException {
    int size = settings.integer("s6-size");
    int sockets = settings.integer("s6-sockets");
    int window = settings.integer("s6-window");
    ScenarioResult s =
        new ScenarioResult(
            "s6",
            String.format(
                Locale.ROOT,
                "UDP echo, %d-byte datagrams, %d client sockets x %d outstanding",
                size,
                sockets,
                window),
            List.of("datagrams/s", P50, P99, "lost %", WARMUP_S),
            true);
    s.note(
        "A socket's outstanding datagrams count as lost after 20 ms of silence; lost % is of those sent.");
    results.add(s);
    measureRounds(s, selected(Peer.UDP), peer -> udpEcho(peer, size, sockets, window));
  }

  private Row udpEcho(Peer peer, int size, int sockets, int window) throws InterruptedException {
    try (ServerProcess sp = startPeer(peer, "s6", List.of())) {
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", sp.awaitPort(60));
      Measured m =
          warmThenMeasure(
              sp,
              (w, d) ->
                  UdpEchoLoad.run(new UdpEchoLoad.Params(target, sockets, size, window, w, d)));
      Stats st = m.stats();
      Map<String, Double> v = new LinkedHashMap<>();
      v.put("datagrams/s", st.medianRate());
      v.put(P50, st.latencyMicros(50));
      v.put(P99, st.latencyMicros(99));
      double received = st.verifiedBytes() / (double) size;
      v.put("lost %", 100.0 * st.lost() / Math.max(1, received + st.lost()));
      return warmed(row(peer, v, st, sp), m.warm());
    } catch (IOException e) {
      return failedStart(peer, e);
    }
  }

  // ---- s7: chat ------------------------------------------------------------------------------

  private void scenario7() throws InterruptedException, IOException {
    int clients = settings.integer("s7-clients");
    int senders = settings.integer("s7-senders");
    ScenarioResult s =
        new ScenarioResult(
            "s7",
            String.format(
                Locale.ROOT,
                "chat: %,d IRC clients in one channel, %d senders, 1 message outstanding each",
                clients,
                senders),
            List.of(
                "deliveries/s",
                "messages/s",
                "p50 µs (last recipient)",
                "p99 µs (last recipient)",
                "clients joined",
                "join s"),
            true);
    results.add(s);
    if (!settings.selected("wsk-chat")) return;
    int port = freePort();
    List<String> args = new ArrayList<>();
    for (String a : settings.get("chat-args").trim().split("\\s+"))
      args.add(a.replace("{port}", Integer.toString(port)));
    String what = settings.get("chat-main") + " " + String.join(" ", args);
    peers.put("wsk-chat", "wsk-actors chat sample (" + what + ")");
    String chatFlags = settings.get("chat-jvm-flags").trim();
    List<String> extra = chatFlags.isEmpty() ? List.of() : List.of(chatFlags.split("\\s+"));
    s.note(
        "The chat server runs with `"
            + chatFlags
            + "` besides the common JVM flags: every client comes "
            + "from 127.0.0.1 and the senders send as fast as deliveries complete, so the per-address limit and "
            + "the flood throttle are lifted.");
    try (ServerProcess sp =
        ServerProcess.startJvm("s7-wsk-chat", settings, extra, settings.get("chat-main"), args)) {
      if (!sp.awaitListening(port, 30)) {
        String why =
            (sp.isAlive() ? "still not listening" : "exit code " + sp.waitFor(1))
                + ": "
                + sp.firstErrorLine();
        s.note(
            "skipped: the chat server is not available yet (`"
                + what
                + "` did not listen on port "
                + port
                + " within 30 s; "
                + why
                + "); server log: "
                + settings.logDir().resolve("s7-wsk-chat.stderr.log"));
        out.println("[s7] skipped: chat server not available: " + why);
        return;
      }
      ChatLoad.Outcome o =
          ChatLoad.run(
              new ChatLoad.Params(
                  new InetSocketAddress("127.0.0.1", port),
                  clients,
                  senders,
                  "#bench",
                  settings.seconds("s7-join-timeout"),
                  warmup(),
                  duration()));
      Map<String, Double> v = new LinkedHashMap<>();
      v.put("deliveries/s", o.deliveriesPerSecond());
      v.put("messages/s", o.broadcasts().medianRate());
      v.put("p50 µs (last recipient)", o.broadcasts().latencyMicros(50));
      v.put("p99 µs (last recipient)", o.broadcasts().latencyMicros(99));
      v.put("clients joined", (double) o.joined());
      v.put("join s", o.joinSeconds());
      Peer chat = new Peer("wsk-chat", what, settings.get("chat-main"), args, false, true);
      Row r = row(chat, v, o.broadcasts(), sp);
      s.add(r);
      progress("s7", r, s);
    }
  }

  // ---- profile -------------------------------------------------------------------------------

  private void profile(String scenario) throws InterruptedException, IOException {
    if (!List.of("s1", "s2", "s3", "s4").contains(scenario)) {
      throw new IllegalArgumentException("--profile-scenarios takes s1 to s4, not " + scenario);
    }
    Path jfr = settings.logDir().resolve("wsk-event-" + scenario + ".jfr").toAbsolutePath();
    Duration d = settings.seconds("profile-duration");
    out.println(
        "[profile] wsk-event under "
            + scenario
            + " for "
            + d.toSeconds()
            + " s with JFR -> "
            + jfr);
    try (ServerProcess sp = startPeer(Peer.WSK_EVENT, "profile-" + scenario, List.of())) {
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", sp.awaitPort(60));
      // warm up (JIT) without recording, then record only the measured load
      warmUp(sp, step -> load(scenario, target, Duration.ZERO, step));
      load(scenario, target, warmup(), Duration.ofSeconds(1));
      if (sp.jcmd("JFR.start", "name=bench", "settings=profile", "jdk.ExecutionSample#period=2ms")
          == null) {
        out.println("[profile] skipped: `jcmd <pid> JFR.start` failed (no jcmd in this JDK?)");
        return;
      }
      Stats st = load(scenario, target, Duration.ZERO, d);
      if (sp.jcmd("JFR.dump", "name=bench", "filename=" + jfr) == null) {
        out.println("[profile] skipped: JFR.dump failed");
        return;
      }
      JfrProfile profile = JfrProfile.analyze(jfr, 15);
      String what =
          String.format(
              Locale.ROOT,
              "This project's event-style echo server (wsk-event) under %s; %s %s/s and %d errors "
                  + "during the recording), warmed up, then recorded for %d s with `jcmd <pid> "
                  + "JFR.start settings=profile jdk.ExecutionSample#period=2ms`. The recording was "
                  + "read with `jdk.jfr.consumer.RecordingFile`: the same events as `jfr print "
                  + "--events jdk.ExecutionSample` and `jfr summary` show.",
              profileLoad(scenario),
              Report.num(st.medianRate()),
              scenario.equals("s4") ? "conn" : "msg",
              st.errors(),
              d.toSeconds());
      profiles.add(new Report.Profile(scenario, what, profile));
      out.println("[profile] " + scenario + ": " + profile.executionSamples() + " CPU samples");
    }
  }

  /** What {@link #load} runs for a profiled scenario, in words (with an open parenthesis). */
  private String profileLoad(String scenario) {
    if (scenario.equals("s4")) {
      return String.format(
          Locale.ROOT,
          "s4 (connect, one 64-byte echo, close; %d client threads",
          settings.integer("s4-workers"));
    }
    TcpEchoLoad.Params p = echoParams(scenario, null, Duration.ZERO, Duration.ZERO);
    return String.format(
        Locale.ROOT,
        "%s (%,d connection%s, %d-byte messages, %d in flight each",
        scenario,
        p.connections(),
        p.connections() == 1 ? "" : "s",
        p.messageSize(),
        p.inFlight());
  }

  /** The load of a profiled scenario: s1 to s3 as {@link #echo} measures them, or s4. */
  private Stats load(String scenario, InetSocketAddress target, Duration warmup, Duration duration)
      throws IOException, InterruptedException {
    if (scenario.equals("s4")) {
      return ConnectLoad.run(
          new ConnectLoad.Params(target, settings.integer("s4-workers"), 64, warmup, duration));
    }
    return TcpEchoLoad.run(echoParams(scenario, target, warmup, duration));
  }

  /** The echo load of s1, s2 or s3, as measured and as profiled. */
  private TcpEchoLoad.Params echoParams(
      String scenario, InetSocketAddress target, Duration warmup, Duration duration) {
    if (scenario.equals("s1")) {
      return new TcpEchoLoad.Params(
          target,
          1,
          settings.integer("s1-size"),
          settings.integer("s1-inflight"),
          warmup,
          duration,
          1);
    }
    return new TcpEchoLoad.Params(
        target,
        settings.integer(scenario + "-conns"),
        settings.integer(scenario + "-size"),
        1,
        warmup,
        duration,
        settings.integer("client-threads"));
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The git commit of the working directory, and how many files differ from it. */
  private static String source() {
    String head = Machine.run("git", "rev-parse", "--short", "HEAD");
    if (head == null) return "unknown (not a git work tree)";
    String status = Machine.run("git", "status", "--porcelain", "--untracked-files=no");
    long changed = status == null ? 0 : status.lines().filter(l -> !l.isBlank()).count();
    return "commit `"
        + head.trim()
        + "`"
        + (changed == 0 ? "" : " with uncommitted changes in " + changed + " tracked files");
  }

  private static String kib(int size) {
    return size % 1024 == 0 ? (size / 1024) + " KiB" : size + "-byte";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
