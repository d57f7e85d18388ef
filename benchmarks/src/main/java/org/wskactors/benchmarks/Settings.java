package org.wskactors.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's options: each is a command-line option {@code --name value} (or {@code
 * --name=value}), else the system property {@code bench.name}, else its default. {@link #DEFAULTS}
 * lists them all with their defaults; the defaults make {@code all} take a few minutes on a 2-core
 * machine.
 */
public final class Settings {

  /** Every option and its default value. */
  public static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("out", "docs/benchmarks");
    DEFAULTS.put("jvm-flags", "-Xms512m -Xmx512m -XX:+UseG1GC");
    DEFAULTS.put("servers", "all");
    DEFAULTS.put("warmup", "2");
    DEFAULTS.put("warmup-max", "30");
    DEFAULTS.put("duration", "5");
    DEFAULTS.put("rounds", "1");
    DEFAULTS.put("client-threads", "1");
    DEFAULTS.put("s1-size", "16384");
    DEFAULTS.put("s1-inflight", "4");
    DEFAULTS.put("s2-conns", "100");
    DEFAULTS.put("s2-size", "64");
    DEFAULTS.put("s3-conns", "1000");
    DEFAULTS.put("s3-size", "1024");
    DEFAULTS.put("s4-workers", "4");
    DEFAULTS.put("s5-conns", "10000");
    DEFAULTS.put("s5-settle", "1");
    DEFAULTS.put("s6-size", "512");
    DEFAULTS.put("s6-sockets", "4");
    DEFAULTS.put("s6-window", "32");
    DEFAULTS.put("s7-clients", "2000");
    DEFAULTS.put("s7-senders", "4");
    DEFAULTS.put("s7-join-timeout", "120");
    DEFAULTS.put("chat-main", "org.wskactors.samples.Main");
    DEFAULTS.put("chat-args", "chat --port {port} --bind 127.0.0.1");
    DEFAULTS.put(
        "chat-jvm-flags",
        "-Dwsk-chat.connections.max-per-address=1000000 -Dwsk-chat.connections.max-total=1000000"
            + " -Dwsk-chat.flood.burst=1000000 -Dwsk-chat.flood.interval=1ns");
    DEFAULTS.put("iperf", "true");
    DEFAULTS.put("profile", "true");
    DEFAULTS.put("profile-duration", "10");
    DEFAULTS.put("profile-scenarios", "s2,s4");
    DEFAULTS.put("chart", "true");
    DEFAULTS.put("note", "");
  }

  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();
  private Path logDir;
  private Path quietLogback;

  private Settings() {}

  /**
   * Parses options; the first non-option argument is the command.
   *
   * @param args the command line
   * @return the settings
   * @throws IllegalArgumentException for an unknown option or a missing value
   */
  public static Settings parse(String... args) {
    Settings s = new Settings();
    for (String key : DEFAULTS.keySet()) {
      s.values.put(key, System.getProperty("bench." + key, DEFAULTS.get(key)));
    }
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        s.positional.add(a);
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq > 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!DEFAULTS.containsKey(name))
        throw new IllegalArgumentException("unknown option --" + name);
      if (value == null) {
        if (i + 1 >= args.length)
          throw new IllegalArgumentException("--" + name + " needs a value");
        value = args[++i];
      }
      s.values.put(name, value);
    }
    return s;
  }

  /**
   * @return the command, {@code all} when none was given
   */
  public String command() {
    return positional.isEmpty() ? "all" : positional.get(0);
  }

  /**
   * An option's value.
   *
   * @param name the option name without dashes
   * @return its value
   */
  public String get(String name) {
    String v = values.get(name);
    if (v == null) throw new IllegalArgumentException("no option " + name);
    return v;
  }

  /**
   * An integer option.
   *
   * @param name the option name
   * @return its value
   */
  public int integer(String name) {
    return Integer.parseInt(get(name).trim());
  }

  /**
   * A boolean option.
   *
   * @param name the option name
   * @return its value
   */
  public boolean flag(String name) {
    return Boolean.parseBoolean(get(name).trim());
  }

  /**
   * A duration option in (possibly fractional) seconds.
   *
   * @param name the option name
   * @return its value
   */
  public Duration seconds(String name) {
    return Duration.ofMillis(Math.round(Double.parseDouble(get(name).trim()) * 1000));
  }

  /**
   * @return the options as given or defaulted, for the report
   */
  public Map<String, String> all() {
    return Map.copyOf(values);
  }

  /**
   * @return the JVM flags every server process gets
   */
  public List<String> jvmFlags() {
    String f = get("jvm-flags").trim();
    return f.isEmpty() ? List.of() : Arrays.asList(f.split("\\s+"));
  }

  /**
   * Whether a server takes part: {@code --servers all} or a comma-separated list of ids.
   *
   * @param id the server id
   * @return true if selected
   */
  public boolean selected(String id) {
    String s = get("servers").trim();
    return s.equals("all") || Arrays.asList(s.split("\\s*,\\s*")).contains(id);
  }

  /**
   * @return the output directory
   */
  public Path out() {
    return Path.of(get("out"));
  }

  /**
   * The directory for server logs and recordings ({@code out/../.bench-logs} is avoided: a temp
   * directory), created on first use.
   *
   * @return the directory
   * @throws IOException when it cannot be created
   */
  public synchronized Path logDir() throws IOException {
    if (logDir == null) logDir = Files.createTempDirectory("wsk-bench-");
    return logDir;
  }

  /**
   * A logback configuration for the server processes: WARN and above, to stderr (stdout carries the
   * port line).
   *
   * @return its path
   * @throws IOException when it cannot be written
   */
  public synchronized Path quietLogback() throws IOException {
    if (quietLogback == null) {
      quietLogback = logDir().resolve("logback-quiet.xml");
      Files.writeString(
          quietLogback,
          String.join(
              "\n",
              "<configuration>",
              "  <appender name=\"ERR\" class=\"ch.qos.logback.core.ConsoleAppender\">",
              "    <target>System.err</target>",
              "    <encoder><pattern>%date{ISO8601} %-5level %logger{36} - %msg%n</pattern></encoder>",
              "  </appender>",
              "  <root level=\"WARN\"><appender-ref ref=\"ERR\"/></root>",
              "</configuration>",
              ""),
          StandardCharsets.UTF_8);
    }
    return quietLogback;
  }
}
