package org.wskactors.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wskactors.benchmarks.servers.ServerSupport;

/**
 * A server under test in a JVM process of its own, started with the harness's JVM flags and
 * classpath. Its stdout is read on a thread (so it can never block on a full pipe); its stderr goes
 * to a log file. {@link #close()} stops it (SIGTERM, then SIGKILL after a few seconds).
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+)\\s+kB");
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final String name;
  private final Process process;
  private final Path stderr;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final List<String> stdoutTail = new ArrayList<>();

  private ServerProcess(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::readStdout, "stdout-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a JVM running {@code mainClass} with {@code args}.
   *
   * @param name a name for logs
   * @param settings the JVM flags, classpath and log directory
   * @param extraJvmFlags flags for this process only (e.g. a flight recording)
   * @param mainClass the main class
   * @param args its arguments
   * @return the running process
   * @throws IOException when it cannot be started
   */
  public static ServerProcess startJvm(
      String name,
      Settings settings,
      List<String> extraJvmFlags,
      String mainClass,
      List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(settings.jvmFlags());
    cmd.addAll(extraJvmFlags);
    cmd.add("-Dlogback.configurationFile=" + settings.quietLogback());
    cmd.add("-Dpekko.loglevel=WARNING");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    return start(name, settings, cmd);
  }

  /**
   * Starts any command (such as {@code iperf3}).
   *
   * @param name a name for logs
   * @param settings where logs go
   * @param command the command line
   * @return the running process
   * @throws IOException when it cannot be started
   */
  public static ServerProcess start(String name, Settings settings, List<String> command)
      throws IOException {
    Path err = settings.logDir().resolve(name + ".stderr.log");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    return new ServerProcess(name, pb.start(), err);
  }

  private void readStdout() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!port.isDone() && line.startsWith(ServerSupport.PORT_PREFIX)) {
          port.complete(
              Integer.parseInt(line.substring(ServerSupport.PORT_PREFIX.length()).trim()));
        }
        synchronized (stdoutTail) {
          stdoutTail.add(line);
          if (stdoutTail.size() > 20) stdoutTail.remove(0);
        }
      }
    } catch (IOException | NumberFormatException e) {
      port.completeExceptionally(e);
    }
    port.completeExceptionally(new IOException(name + " exited before printing its port"));
  }

  /**
   * Waits for the {@code PORT n} line.
   *
   * @param timeoutSeconds how long to wait
   * @return the port
   * @throws IOException when the process exits first or the time runs out (with its stderr tail)
   */
  public int awaitPort(long timeoutSeconds) throws IOException {
    try {
      return port.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      throw new IOException(name + " did not print its port: " + describeFailure(), e);
    }
  }

  /**
   * Waits until {@code 127.0.0.1:port} accepts a connection, for a server that does not print its
   * port.
   *
   * @param port the port it was told to use
   * @param timeoutSeconds how long to wait
   * @return true when it accepts, false when the process exited or the time ran out
   * @throws InterruptedException when interrupted
   */
  public boolean awaitListening(int port, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) return false;
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return true;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    return false;
  }

  /**
   * @return the process id
   */
  public long pid() {
    return process.pid();
  }

  /**
   * CPU time the process has used so far (user and system, all its threads), as the OS reports it.
   *
   * @return nanoseconds, or -1 when the OS does not say
   */
  public long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
  }

  /**
   * CPU time (user + system) of the process's JIT compiler threads, HotSpot's {@code C1
   * CompilerThread}s and {@code C2 CompilerThread}s, read from {@code /proc/<pid>/task/*} (Linux;
   * the kernel's clock tick, USER_HZ, is 100 on every architecture Linux runs HotSpot on).
   *
   * @return nanoseconds, or -1 where {@code /proc} does not say
   */
  public long jitCpuNanos() {
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    if (!Files.isDirectory(tasks)) return -1;
    long ticks = 0;
    try (var dirs = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) dirs::iterator) {
        try {
          String comm = Files.readString(t.resolve("comm")).trim();
          if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) continue;
          String stat = Files.readString(t.resolve("stat"));
          // Fields after the command name, which is in parentheses and may hold spaces: state is
          // the first, utime the 12th, stime the 13th.
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
          // the thread ended between listing and reading: its time is no longer counted anyway
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * 10_000_000L;
  }

  /**
   * @return whether the process still runs
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for the process to end by itself.
   *
   * @param seconds how long to wait
   * @return its exit code, or null if it still runs
   * @throws InterruptedException when interrupted
   */
  public Integer waitFor(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
  }

  /**
   * @return the last lines of stdout and stderr, for an error message
   */
  public String describeFailure() {
    StringBuilder sb = new StringBuilder();
    if (!process.isAlive()) sb.append("exit code ").append(process.exitValue()).append("; ");
    synchronized (stdoutTail) {
      if (!stdoutTail.isEmpty())
        sb.append("stdout: ").append(String.join(" | ", stdoutTail)).append("; ");
    }
    try {
      List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - 8), lines.size());
      sb.append("stderr (").append(stderr).append("): ").append(String.join(" | ", tail));
    } catch (IOException e) {
      sb.append("no stderr");
    }
    return sb.toString();
  }

  /**
   * The first line of stderr (else stdout) that starts with {@code error}, else the first line of
   * stderr: a short reason for a process that exited early.
   *
   * @return the line, or a note that there was no output
   */
  public String firstErrorLine() {
    List<String> lines = new ArrayList<>();
    try {
      lines.addAll(Files.readAllLines(stderr, StandardCharsets.UTF_8));
    } catch (IOException ignored) {
      // no stderr file
    }
    lines.addAll(stdoutTail());
    for (String l : lines) {
      if (l.trim().toLowerCase(java.util.Locale.ROOT).startsWith("error")) return l.trim();
    }
    for (String l : lines) if (!l.isBlank()) return l.trim();
    return "no output" + (process.isAlive() ? "" : ", exit code " + process.exitValue());
  }

  /**
   * @return all of stdout seen so far (the last 20 lines)
   */
  public List<String> stdoutTail() {
    synchronized (stdoutTail) {
      return List.copyOf(stdoutTail);
    }
  }

  /**
   * The resident set size from {@code /proc/<pid>/status}.
   *
   * @return KiB, or -1 when it cannot be read
   */
  public long rssKiB() {
    try {
      Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid()), "status")));
      return m.find() ? Long.parseLong(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Runs {@code jcmd <pid> GC.run} (a full collection).
   *
   * @return false when jcmd is not available or failed
   */
  public boolean gc() {
    return jcmd("GC.run") != null;
  }

  /**
   * The Java heap in use from {@code jcmd <pid> GC.heap_info}.
   *
   * @return KiB, or -1 when it cannot be read
   */
  public long heapUsedKiB() {
    String out = jcmd("GC.heap_info");
    if (out == null) return -1;
    Matcher m = HEAP_USED.matcher(out);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * Runs a jcmd diagnostic command against the process.
   *
   * @param command and its arguments, e.g. {@code JFR.dump name=x filename=y}
   * @return its output, or null when jcmd is missing or failed
   */
  public String jcmd(String... command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) return null;
    List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid())));
    cmd.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Stops the process: SIGTERM, then SIGKILL if it has not ended after 5 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
