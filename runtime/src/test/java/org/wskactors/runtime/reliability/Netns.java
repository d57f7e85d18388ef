package org.wskactors.runtime.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A private Linux network namespace joined to this one by a veth pair: the peer side of a
 * connection that can be made to vanish (its link goes down, so packets to it are dropped without
 * FIN, reset or ICMP) or to never answer (it drops its own replies). Needs root and the {@code ip}
 * tool (iproute2); {@link #create} skips the calling test with a message when either is missing or
 * the kernel refuses a namespace. Everything it creates is removed by {@link #close}.
 */
final class Netns implements AutoCloseable {
  final String name;
  final String hostIf;
  final String peerIf;

  /** This namespace's end of the veth pair. */
  final String hostAddress;

  /** The private namespace's end. */
  final String peerAddress;

  private final List<Process> processes = new ArrayList<>();

  private Netns(int id) {
    this.name = "wskrel" + id;
    this.hostIf = "wkr" + id + "h";
    this.peerIf = "wkr" + id + "p";
    // 10.199.0.0/16 split into /30s; id picks one, so concurrent test JVMs do not collide.
    int block = id % 16384;
    int base = block * 4;
    String prefix = "10.199." + (base / 256) + ".";
    this.hostAddress = prefix + (base % 256 + 1);
    this.peerAddress = prefix + (base % 256 + 2);
  }

  /** Creates the namespace and link, or skips the test (Assumptions) saying why it cannot. */
  static Netns create() {
    Assumptions.assumeTrue(isRoot(), "not root: a network namespace needs CAP_NET_ADMIN");
    Assumptions.assumeTrue(onPath("ip"), "no `ip` (iproute2) on PATH: apt-get install iproute2");
    int id = (int) (ProcessHandle.current().pid() % 100_000);
    Netns n = new Netns(id);
    n.runQuietly("ip", "netns", "del", n.name); // a leftover of a killed earlier run
    n.runQuietly("ip", "link", "del", n.hostIf);
    try {
      n.run("ip", "netns", "add", n.name);
    } catch (IllegalStateException e) {
      Assumptions.abort("the kernel refused a network namespace: " + e.getMessage());
    }
    try {
      n.run("ip", "link", "add", n.hostIf, "type", "veth", "peer", "name", n.peerIf);
      n.run("ip", "link", "set", n.peerIf, "netns", n.name);
      n.run("ip", "addr", "add", n.hostAddress + "/30", "dev", n.hostIf);
      n.run("ip", "link", "set", n.hostIf, "up");
      n.inNs("ip", "addr", "add", n.peerAddress + "/30", "dev", n.peerIf);
      n.inNs("ip", "link", "set", n.peerIf, "up");
      n.inNs("ip", "link", "set", "lo", "up");
    } catch (RuntimeException e) {
      n.close();
      throw e;
    }
    return n;
  }

  /**
   * Starts a TCP echo server in the namespace on {@code port} (socat, one process per connection;
   * skips the test without socat) and waits until it listens.
   */
  InetSocketAddress startEcho(int port) throws Exception {
    Assumptions.assumeTrue(onPath("socat"), "socat not installed: apt-get install socat");
    Process p =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                name,
                "socat",
                "-d",
                "-d",
                "TCP-LISTEN:" + port + ",bind=" + peerAddress + ",reuseaddr,fork",
                "PIPE")
            .redirectErrorStream(true)
            .start();
    processes.add(p);
    // socat -d -d says "listening on" once its socket listens; the rest of its log is drained so
    // it never blocks on a full pipe.
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread drain =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  if (line.contains("listening on")) listening.complete(null);
                }
              } catch (IOException e) {
                // the process ended
              }
              listening.completeExceptionally(
                  new IllegalStateException("socat in " + name + " ended"));
            },
            "socat-" + name);
    drain.setDaemon(true);
    drain.start();
    listening.get(10, TimeUnit.SECONDS);
    return new InetSocketAddress(peerAddress, port);
  }

  /** The peer vanishes: its end of the link goes down, so everything sent to it is dropped. */
  void vanishPeer() {
    inNs("ip", "link", "set", peerIf, "down");
  }

  /** The peer never answers: it drops every packet it would send to this namespace. */
  void silencePeer() {
    inNs("ip", "route", "add", "blackhole", hostAddress + "/32");
  }

  void inNs(String... cmd) {
    String[] full = new String[cmd.length + 4];
    full[0] = "ip";
    full[1] = "netns";
    full[2] = "exec";
    full[3] = name;
    System.arraycopy(cmd, 0, full, 4, cmd.length);
    run(full);
  }

  @Override
  public void close() {
    // Processes in the namespace keep it alive: end them first (ours, and their forks).
    String pids = runQuietly("ip", "netns", "pids", name);
    for (String pid : pids.split("\\s+")) {
      if (!pid.isBlank())
        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
    }
    for (Process p : processes) p.destroyForcibly();
    runQuietly("ip", "netns", "del", name); // removes the peer end, and with it the pair
    runQuietly("ip", "link", "del", hostIf);
  }

  /** True when the namespace and the host end of its link are gone. */
  boolean isGone() {
    return !runQuietly("ip", "netns", "list").contains(name)
        && !runQuietly("ip", "-o", "link", "show").contains(hostIf + "@");
  }

  private void run(String... cmd) {
    String out = exec(cmd);
    if (out.startsWith("!"))
      throw new IllegalStateException(String.join(" ", cmd) + ": " + out.substring(1));
  }

  private String runQuietly(String... cmd) {
    String out = exec(cmd);
    return out.startsWith("!") ? "" : out;
  }

  /** Output of a command; prefixed with "!" when it failed. */
  private static String exec(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "!timed out";
      }
      return p.exitValue() == 0 ? out : "!" + out;
    } catch (IOException e) {
      return "!" + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "!interrupted";
    }
  }

  static boolean isRoot() {
    return "0".equals(exec("id", "-u"));
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (new java.io.File(dir, tool).canExecute()) return true;
    }
    return new java.io.File("/usr/sbin/" + tool).canExecute()
        || new java.io.File("/sbin/" + tool).canExecute();
  }
}
