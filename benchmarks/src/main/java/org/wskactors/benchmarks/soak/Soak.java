package org.wskactors.benchmarks.soak;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.wskactors.benchmarks.ServerProcess;
import org.wskactors.benchmarks.Settings;
import org.wskactors.benchmarks.report.Machine;

/**
 * The soak: {@code java -jar wsk-actors-benchmarks.jar soak [--option value]...}. It runs the
 * samples' chat server and echo server, each in a JVM of its own started from this JVM's classpath
 * ({@code org.wskactors.samples.Main chat|echo}), and for {@code --duration} seconds holds idle
 * connections open on both ({@code --idle} registered chat clients that answer PING, {@code
 * --echo-idle} echo connections) while worker threads churn connections ({@link ChatChurn}:
 * connect, register, join, talk, quit, every line verified by a witness; {@link EchoChurn}:
 * connect, echo up to 64 KiB twice, verified, close). Every {@code --report-every} seconds it
 * prints the counts and each server's open descriptors, live heap (after a full GC, through {@code
 * jcmd}) and RSS.
 *
 * <p>At the end every idle connection must still answer, the chat server must count exactly the
 * clients connected (LUSERS), and once everything is closed each server's descriptors must be back
 * to their count at the start and its live heap within {@code --heap-tolerance} MiB of it. The exit
 * code is 0 when there was no error and no leak, 1 otherwise, 2 for bad arguments. The baseline is
 * taken after a warm-up ({@code --warmup} seconds of churn and a few hundred idle connections
 * opened and closed), so first-use allocations do not count as a leak.
 */
public final class Soak {
  private Soak() {}

  /** Every option and its default. */
  public static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("duration", "300");
    DEFAULTS.put("warmup", "10");
    DEFAULTS.put("idle", "10000");
    DEFAULTS.put("echo-idle", "1000");
    DEFAULTS.put("chat-workers", "2");
    DEFAULTS.put("echo-workers", "2");
    DEFAULTS.put("report-every", "30");
    DEFAULTS.put("jvm-flags", "-Xms512m -Xmx512m -XX:+UseG1GC");
    DEFAULTS.put(
        "chat-flags",
        "-Dwsk-chat.connections.max-total=12000 -Dwsk-chat.ping-interval=30s"
            + " -Dwsk-chat.ping-timeout=30s");
    DEFAULTS.put("heap-tolerance", "16");
    DEFAULTS.put("out", "");
  }

  /** Source networks {@code 127.<n>.x.y} of the client kinds. */
  private static final int NET_CHAT_IDLE = 12;

  private static final int NET_ECHO_IDLE = 13;
  private static final int NET_ECHO_CHURN = 14;
  private static final int NET_CHAT_CHURN = 15;

  /** What one look at a server process found. */
  record Snapshot(long fds, long heapKiB, long rssKiB, long threads, Map<String, Long> histogram) {
    String heap() {
      return heapKiB < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", heapKiB / 1024.0);
    }

    String rss() {
      return rssKiB < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", rssKiB / 1024.0);
    }
  }

  /**
   * Runs the soak.
   *
   * @param args {@code soak} and options
   * @param out where the report goes
   * @return 0 without errors and leaks, 1 otherwise, 2 for bad arguments
   */
  public static int run(String[] args, PrintStream out) {
    if (args.length > 1 && (args[1].equals("--help") || args[1].equals("help"))) {
      out.println(usage());
      return 0;
    }
    Map<String, String> o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      out.println(usage());
      return 2;
    }
    try {
      return new Run(o, out).run();
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
  public static String usage() {
    StringBuilder sb =
        new StringBuilder("usage: java -jar wsk-actors-benchmarks.jar soak [--option value]...\n");
    sb.append("options:\n");
    for (Map.Entry<String, String> e : DEFAULTS.entrySet()) {
      sb.append(String.format(Locale.ROOT, "  --%-15s default %s%n", e.getKey(), e.getValue()));
    }
    return sb.toString();
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> o = new LinkedHashMap<>(DEFAULTS);
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument " + a);
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else {
        if (i + 1 >= args.length)
          throw new IllegalArgumentException("--" + name + " needs a value");
        value = args[++i];
      }
      if (!DEFAULTS.containsKey(name))
        throw new IllegalArgumentException("unknown option --" + name);
      o.put(name, value);
    }
    for (String n :
        List.of(
            "duration",
            "warmup",
            "idle",
            "echo-idle",
            "chat-workers",
            "echo-workers",
            "report-every",
            "heap-tolerance")) {
      try {
        if (Integer.parseInt(o.get(n).trim()) < 0) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--" + n + " must be a whole number, not '" + o.get(n) + "'");
      }
    }
    return o;
  }

  /** One soak run. */
  private static final class Run {
    final Map<String, String> o;
    final PrintStream out;
    final Tally tally = new Tally();
    final Tally warmupTally = new Tally();
    final List<String> notes = new ArrayList<>();
    final String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    Run(Map<String, String> o, PrintStream out) {
      this.o = o;
      this.out = out;
    }

    int n(String name) {
      return Integer.parseInt(o.get(name).trim());
    }

    int run() throws IOException, InterruptedException {
      Settings settings = Settings.parse("--jvm-flags", o.get("jvm-flags"));
      int chatPort = freePort();
      int echoPort = freePort();
      String chatFlags = o.get("chat-flags").trim();
      List<String> chatExtra = chatFlags.isEmpty() ? List.of() : List.of(chatFlags.split("\\s+"));
      out.println("wsk-actors soak: " + o);
      out.println("server logs in " + settings.logDir());
      try (ServerProcess chat =
              ServerProcess.startJvm(
                  "soak-chat",
                  settings,
                  chatExtra,
                  "org.wskactors.samples.Main",
                  List.of("chat", "--port", Integer.toString(chatPort), "--bind", "127.0.0.1"));
          ServerProcess echo =
              ServerProcess.startJvm(
                  "soak-echo",
                  settings,
                  List.of(),
                  "org.wskactors.samples.Main",
                  List.of("echo", "--port", Integer.toString(echoPort), "--bind", "127.0.0.1"))) {
        if (!chat.awaitListening(chatPort, 60) || !echo.awaitListening(echoPort, 60)) {
          out.println(
              "error: a server did not start: chat "
                  + chat.firstErrorLine()
                  + "; echo "
                  + echo.firstErrorLine());
          return 1;
        }
        return soak(
            chat,
            new InetSocketAddress("127.0.0.1", chatPort),
            echo,
            new InetSocketAddress("127.0.0.1", echoPort));
      }
    }

    int soak(
        ServerProcess chat,
        InetSocketAddress chatAddress,
        ServerProcess echo,
        InetSocketAddress echoAddress)
        throws IOException, InterruptedException {
      int idle = n("idle");
      int echoIdle = n("echo-idle");
      // 1. Warm-up: churn, and some idle connections opened and closed.
      long t0 = System.nanoTime();
      out.println(
          "[warm-up] "
              + n("warmup")
              + " s of churn, "
              + Math.min(idle, 200)
              + " + "
              + Math.min(echoIdle, 100)
              + " idle connections opened and closed");
      try (ChatHolders h = new ChatHolders(chatAddress, NET_CHAT_IDLE, 20, warmupTally);
          EchoHolders e = new EchoHolders(warmupTally)) {
        h.open(Math.min(idle, 200), 120);
        e.open(echoAddress, NET_ECHO_IDLE, Math.min(echoIdle, 100));
        churn(chatAddress, echoAddress, warmupTally, Duration.ofSeconds(n("warmup")), null, null);
      }
      // The baseline, with one client (the checker) on the chat server, as at the end.
      LineSocket checker = checker(chatAddress);
      awaitClients(checker, 1, 120);
      Snapshot chat0 = snapshot(chat);
      Snapshot echo0 = snapshot(echo);
      long harnessFds0 = fds(ProcessHandle.current().pid());
      quit(checker); // a silent client would be pinged and dropped during the churn
      out.println("[baseline] chat: " + show(chat0) + "; echo: " + show(echo0));

      // 2. Idle connections.
      long heldAt = System.nanoTime();
      Snapshot chatHeld;
      Snapshot echoHeld;
      int holdersRegistered;
      int holdersAnswered;
      int echoHoldersAnswered;
      long churnStart;
      long churnEnd;
      try (ChatHolders holders = new ChatHolders(chatAddress, NET_CHAT_IDLE, 20, tally);
          EchoHolders echoHolders = new EchoHolders(tally)) {
        holdersRegistered = holders.open(idle, 600);
        int echoOpened = echoHolders.open(echoAddress, NET_ECHO_IDLE, echoIdle);
        double setup = (System.nanoTime() - heldAt) / 1e9;
        chatHeld = snapshot(chat);
        echoHeld = snapshot(echo);
        out.printf(
            Locale.ROOT,
            "[idle] %,d chat clients registered, %,d echo connections echoed, in %.1f s; chat: %s"
                + " (%s B per idle connection); echo: %s (%s B per idle connection)%n",
            holdersRegistered,
            echoOpened,
            setup,
            show(chatHeld),
            perConnection(chat0, chatHeld, idle),
            show(echoHeld),
            perConnection(echo0, echoHeld, echoIdle));

        // 3. Churn for the duration, with reports.
        churnStart = System.nanoTime();
        churn(chatAddress, echoAddress, tally, Duration.ofSeconds(n("duration")), chat, echo);
        churnEnd = System.nanoTime();

        // 4. Every idle connection still answers, and the server counts everyone.
        holdersAnswered = holders.checkAll("final", 300);
        echoHoldersAnswered = echoHolders.checkAll();
        if (holdersAnswered != holdersRegistered || holdersRegistered != idle) {
          tally.error(
              "idle chat clients: "
                  + idle
                  + " opened, "
                  + holdersRegistered
                  + " registered, "
                  + holdersAnswered
                  + " answered at the end");
        }
        if (echoHoldersAnswered != echoIdle)
          tally.error(
              "idle echo connections: "
                  + echoHoldersAnswered
                  + " of "
                  + echoIdle
                  + " answered at the end");
        try {
          checker = checker(chatAddress);
          long clientsCounted = lusers(checker);
          if (clientsCounted != holdersAnswered + 1) {
            tally.error(
                "LUSERS counted " + clientsCounted + " clients, expected " + (holdersAnswered + 1));
          }
        } catch (IOException e) {
          tally.error("the checker could not ask LUSERS: " + e);
          checker = null;
        }
      }

      // 5. All closed: back to the baseline?
      Snapshot chat1;
      Snapshot echo1;
      try {
        if (checker == null) checker = checker(chatAddress);
        awaitClients(checker, 1, 120);
        chat1 = awaitFds(chat, checker, chat0.fds());
        echo1 = awaitFds(echo, checker, echo0.fds());
        quit(checker);
      } catch (IOException e) {
        tally.error("the checker failed at the end: " + e);
        chat1 = snapshot(chat);
        echo1 = snapshot(echo);
      }
      long harnessFds1 = fds(ProcessHandle.current().pid());

      List<String> leaks = new ArrayList<>();
      long tolerance = n("heap-tolerance") * 1024L;
      leak(leaks, "chat server", chat0, chat1, tolerance);
      leak(leaks, "echo server", echo0, echo1, tolerance);
      if (!chat.isAlive()) leaks.add("the chat server process died: " + chat.describeFailure());
      if (!echo.isAlive()) leaks.add("the echo server process died: " + echo.describeFailure());
      long errors = tally.errors() + warmupTally.errors();
      boolean pass = errors == 0 && leaks.isEmpty();

      double churnSeconds = (churnEnd - churnStart) / 1e9;
      long echoConns = tally.echoConnections.get();
      long chatConns = tally.chatConnections.get();
      StringBuilder md = new StringBuilder();
      md.append("| | |\n|---|---|\n");
      row(md, "started", started + " (" + Machine.cores() + " cores, " + Machine.jdk() + ")");
      row(
          md,
          "command",
          "`java -jar benchmarks/target/wsk-actors-benchmarks.jar soak" + options() + "`");
      row(
          md,
          "churn",
          String.format(
              Locale.ROOT,
              "%.0f s; %,d echo connections (%.0f/s), %,d chat connections (%.0f/s)",
              churnSeconds,
              echoConns,
              echoConns / churnSeconds,
              chatConns,
              chatConns / churnSeconds));
      row(
          md,
          "idle held",
          String.format(
              Locale.ROOT,
              "%,d chat clients (registered, answering PING) + %,d echo connections, all answering"
                  + " at the end: %s",
              idle,
              echoIdle,
              holdersAnswered == idle && echoHoldersAnswered == echoIdle ? "yes" : "no"));
      row(
          md,
          "connections made",
          String.format(Locale.ROOT, "%,d", echoConns + chatConns + idle + echoIdle + 1));
      row(md, "bytes verified", String.format(Locale.ROOT, "%,d", tally.bytesVerified.get()));
      row(
          md,
          "chat lines verified",
          String.format(
              Locale.ROOT,
              "%,d (JOIN, PRIVMSG to channel and nick, QUIT, each seen by a witness)",
              tally.messagesVerified.get()));
      row(md, "PINGs answered", String.format(Locale.ROOT, "%,d", tally.pingsAnswered.get()));
      row(
          md,
          "errors",
          errors
              + (errors == 0
                  ? ""
                  : ": "
                      + String.join(
                          "; ", concat(warmupTally.errorSamples(), tally.errorSamples()))));
      row(
          md,
          "chat server fds (sockets, pipes, epoll)",
          chat0.fds()
              + " at start, "
              + chatHeld.fds()
              + " with the idle clients, "
              + chat1.fds()
              + " at the end");
      row(
          md,
          "chat server live heap",
          chat0.heap()
              + " at start, "
              + chatHeld.heap()
              + " with the idle clients ("
              + perConnection(chat0, chatHeld, idle)
              + " B each), "
              + chat1.heap()
              + " at the end");
      row(
          md,
          "chat server heap growth by class (start to end)",
          topGrowth(chat0.histogram(), chat1.histogram(), 5));
      row(
          md,
          "chat server RSS / threads",
          chat0.rss()
              + " / "
              + chat0.threads()
              + " at start, "
              + chat1.rss()
              + " / "
              + chat1.threads()
              + " at the end");
      row(
          md,
          "echo server fds (sockets, pipes, epoll)",
          echo0.fds()
              + " at start, "
              + echoHeld.fds()
              + " with the idle connections, "
              + echo1.fds()
              + " at the end");
      row(
          md,
          "echo server live heap",
          echo0.heap()
              + " at start, "
              + echoHeld.heap()
              + " with the idle connections, "
              + echo1.heap()
              + " at the end");
      row(
          md,
          "echo server heap growth by class (start to end)",
          topGrowth(echo0.histogram(), echo1.histogram(), 5));
      row(
          md,
          "echo server RSS / threads",
          echo0.rss()
              + " / "
              + echo0.threads()
              + " at start, "
              + echo1.rss()
              + " / "
              + echo1.threads()
              + " at the end");
      row(
          md,
          "load generator fds (sockets, pipes, epoll)",
          harnessFds0 + " at start, " + harnessFds1 + " at the end");
      row(
          md,
          "leaks",
          leaks.isEmpty()
              ? "none (fds back to the start, live heap within " + n("heap-tolerance") + " MiB)"
              : String.join("; ", leaks));
      row(md, "result", pass ? "PASS" : "FAIL");
      out.println();
      out.print(md);
      String file = o.get("out").trim();
      if (!file.isEmpty()) {
        Path p = Path.of(file);
        if (p.toAbsolutePath().getParent() != null)
          Files.createDirectories(p.toAbsolutePath().getParent());
        Files.writeString(p, "# wsk-actors soak\n\n" + md, StandardCharsets.UTF_8);
      }
      out.println(
          "soak "
              + (pass ? "PASS" : "FAIL")
              + " after "
              + Math.round((System.nanoTime() - t0) / 1e9)
              + " s");
      return pass ? 0 : 1;
    }

    /**
     * Runs the churn workers for {@code duration}, reporting every {@code report-every} s when
     * servers are given.
     */
    void churn(
        InetSocketAddress chatAddress,
        InetSocketAddress echoAddress,
        Tally t,
        Duration duration,
        ServerProcess chat,
        ServerProcess echo)
        throws InterruptedException {
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < n("chat-workers"); w++) {
        threads.add(
            new Thread(new ChatChurn(chatAddress, NET_CHAT_CHURN, w, t, stop), "soak-chat-" + w));
      }
      for (int w = 0; w < n("echo-workers"); w++) {
        threads.add(
            new Thread(new EchoChurn(echoAddress, NET_ECHO_CHURN, w, t, stop), "soak-echo-" + w));
      }
      threads.forEach(Thread::start);
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      long every = TimeUnit.SECONDS.toNanos(Math.max(1, n("report-every")));
      while (System.nanoTime() < end) {
        long next = Math.min(end, System.nanoTime() + every);
        TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime())); // the report interval
        if (chat == null) continue;
        Snapshot c = snapshot(chat);
        Snapshot e = snapshot(echo);
        out.printf(
            Locale.ROOT,
            "[%4.0f s] echo conns %,d, chat conns %,d, bytes verified %,d, chat lines verified %,d,"
                + " PINGs answered %,d, errors %d | chat server: %s | echo server: %s%n",
            (System.nanoTime() - start) / 1e9,
            t.echoConnections.get(),
            t.chatConnections.get(),
            t.bytesVerified.get(),
            t.messagesVerified.get(),
            t.pingsAnswered.get(),
            t.errors(),
            show(c),
            show(e));
        if (!chat.isAlive() || !echo.isAlive()) {
          t.error("a server process died");
          break;
        }
      }
      stop.set(true);
      for (Thread th : threads) {
        th.join(TimeUnit.SECONDS.toMillis(LineSocket.TIMEOUT_MS / 1000 + 30));
        if (th.isAlive()) t.error(th.getName() + " did not stop");
      }
    }

    /** A registered client that asks the chat server for its counts. */
    LineSocket checker(InetSocketAddress chatAddress) throws IOException {
      LineSocket checker = new LineSocket(chatAddress, null, tally);
      checker.send("NICK SoakChecker", "USER checker 0 * :soak checker");
      checker.until(" 376 ");
      return checker;
    }

    static void quit(LineSocket checker) throws IOException {
      checker.send("QUIT :checked");
      checker.drainToEnd();
      checker.close();
    }

    /** The chat server's count of its clients (LUSERS: "I have N clients"). */
    long lusers(LineSocket checker) throws IOException {
      checker.send("LUSERS");
      Matcher m =
          Pattern.compile(" 255 \\S+ :I have (\\d+) clients").matcher(checker.until(" 255 "));
      if (!m.find()) throw new IOException("no client count in the LUSERS reply");
      return Long.parseLong(m.group(1));
    }

    /** Asks LUSERS until the server counts {@code clients} (each answer paces the next). */
    void awaitClients(LineSocket checker, long clients, long seconds) throws IOException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      long n = lusers(checker);
      while (n != clients && System.nanoTime() < deadline) n = lusers(checker);
      if (n != clients)
        tally.error("the chat server counts " + n + " clients, expected " + clients);
    }

    /**
     * A snapshot once the server's descriptors are down to {@code fds}, paced by LUSERS round trips
     * (the server's flood throttle spaces them); one that does not get there in 60 s is taken as it
     * is.
     */
    Snapshot awaitFds(ServerProcess p, LineSocket checker, long fds) throws IOException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (fds(p.pid()) > fds && System.nanoTime() < deadline) lusers(checker);
      return snapshot(p);
    }

    Snapshot snapshot(ServerProcess p) {
      // jcmd first: its first attach opens the JVM's attach listener socket, which stays open
      String histogram = p.jcmd("GC.class_histogram");
      Map<String, Long> classes = histogram == null ? Map.of() : classBytes(histogram);
      long heap =
          classes.isEmpty()
              ? -1
              : classes.values().stream().mapToLong(Long::longValue).sum() / 1024;
      return new Snapshot(fds(p.pid()), heap, p.rssKiB(), threads(p.pid()), classes);
    }

    static String show(Snapshot s) {
      return "fds "
          + s.fds()
          + ", live heap "
          + s.heap()
          + ", RSS "
          + s.rss()
          + ", threads "
          + s.threads();
    }

    static String perConnection(Snapshot before, Snapshot with, int n) {
      if (before.heapKiB() < 0 || with.heapKiB() < 0 || n == 0) return "n/a";
      return String.format(Locale.ROOT, "%,d", (with.heapKiB() - before.heapKiB()) * 1024 / n);
    }

    void leak(List<String> leaks, String what, Snapshot start, Snapshot end, long toleranceKiB) {
      if (end.fds() > start.fds())
        leaks.add(what + ": " + (end.fds() - start.fds()) + " descriptors more than at the start");
      if (start.heapKiB() >= 0
          && end.heapKiB() >= 0
          && end.heapKiB() - start.heapKiB() > toleranceKiB) {
        leaks.add(what + ": live heap " + start.heap() + " -> " + end.heap());
      }
    }

    String options() {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, String> e : o.entrySet()) {
        if (!e.getValue().equals(DEFAULTS.get(e.getKey()))) {
          String v = e.getValue();
          sb.append(" --")
              .append(e.getKey())
              .append(' ')
              .append(v.matches("[\\w@%+=:,./-]+") ? v : "'" + v + "'");
        }
      }
      return sb.toString();
    }

    static void row(StringBuilder md, String name, String value) {
      md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }

    static List<String> concat(List<String> a, List<String> b) {
      List<String> all = new ArrayList<>(a);
      all.addAll(b);
      return all;
    }
  }

  private static final Pattern HISTOGRAM_ROW =
      Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

  /**
   * The live bytes per class from {@code jcmd <pid> GC.class_histogram}, which collects fully and
   * counts the objects left in the same safepoint, so allocation by a running load does not blur it
   * (as it would between {@code GC.run} and {@code GC.heap_info}).
   *
   * @param histogram the command's output
   * @return bytes per class name
   */
  static Map<String, Long> classBytes(String histogram) {
    Map<String, Long> bytes = new LinkedHashMap<>();
    Matcher m = HISTOGRAM_ROW.matcher(histogram);
    while (m.find()) bytes.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
    return bytes;
  }

  /** The classes whose live bytes grew most from {@code a} to {@code b}, for a leak's report. */
  static String topGrowth(Map<String, Long> a, Map<String, Long> b, int n) {
    List<Map.Entry<String, Long>> growth = new ArrayList<>();
    for (Map.Entry<String, Long> e : b.entrySet()) {
      long d = e.getValue() - a.getOrDefault(e.getKey(), 0L);
      if (d > 0) growth.add(Map.entry(e.getKey(), d));
    }
    growth.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Long> e : growth.subList(0, Math.min(n, growth.size()))) {
      if (sb.length() > 0) sb.append(", ");
      sb.append(e.getKey())
          .append(" +")
          .append(String.format(Locale.ROOT, "%,d", e.getValue()))
          .append(" B");
    }
    return sb.toString();
  }

  /**
   * Open descriptors of a process ({@code /proc/<pid>/fd}) other than files: sockets, pipes, epoll
   * and event descriptors. Files are left out because a JVM opens the jars of its class path
   * lazily, as classes are first loaded, and keeps them open.
   *
   * @return the count, -1 when not readable
   */
  static long fds(long pid) {
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return s.filter(Soak::notAFile).count();
    } catch (IOException e) {
      return -1;
    }
  }

  private static boolean notAFile(Path fd) {
    try {
      return !Files.readSymbolicLink(fd).toString().startsWith("/");
    } catch (IOException e) {
      return false; // closed meanwhile
    }
  }

  /**
   * Threads of a process ({@code Threads:} in {@code /proc/<pid>/status}), -1 when not readable.
   */
  static long threads(long pid) {
    try {
      Matcher m =
          Pattern.compile("Threads:\\s+(\\d+)")
              .matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
