package org.wskactors.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark ran on: CPU model (from {@code lscpu}, else {@code /proc/cpuinfo}), cores,
 * memory, kernel, JDK, and the load average.
 */
public final class Machine {
  private Machine() {}

  /**
   * @return the CPU model name
   */
  public static String cpuModel() {
    String lscpu = run("lscpu");
    Matcher m = Pattern.compile("(?m)^Model name:\\s*(.+)$").matcher(lscpu == null ? "" : lscpu);
    if (m.find()) return m.group(1).trim();
    try {
      Matcher c =
          Pattern.compile("(?m)^model name\\s*:\\s*(.+)$")
              .matcher(Files.readString(Path.of("/proc/cpuinfo")));
      if (c.find()) return c.group(1).trim();
    } catch (IOException ignored) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  /**
   * @return the number of cores the JVM sees ({@code nproc})
   */
  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * @return total memory, e.g. {@code 23.5 GiB}
   */
  public static String memory() {
    try {
      Matcher m =
          Pattern.compile("MemTotal:\\s+(\\d+) kB")
              .matcher(Files.readString(Path.of("/proc/meminfo")));
      if (m.find()) return String.format("%.1f GiB", Long.parseLong(m.group(1)) / 1024.0 / 1024.0);
    } catch (IOException ignored) {
      // not Linux
    }
    return "unknown";
  }

  /**
   * @return the OS name and kernel version
   */
  public static String os() {
    return System.getProperty("os.name") + " " + System.getProperty("os.version");
  }

  /**
   * @return the JDK: VM name, vendor and runtime version
   */
  public static String jdk() {
    return System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + " ("
        + System.getProperty("java.vm.vendor")
        + ")";
  }

  /**
   * @return the first three fields of {@code /proc/loadavg}
   */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }

  /**
   * Runs a command and returns its stdout.
   *
   * @param command the command line
   * @return stdout, or null when it could not run
   */
  public static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
