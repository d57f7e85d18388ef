package org.wskactors.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The summary of a flight recording of a server under load: which methods the CPU samples were in
 * ({@code jdk.ExecutionSample}, top frame), the same grouped by component, which of this project's
 * methods were on the stack (inclusive), the top frames of native samples, the types allocated most
 * ({@code jdk.ObjectAllocationSample} weight) and the total GC pause.
 *
 * @param executionSamples the number of {@code jdk.ExecutionSample} events
 * @param topSelf top frames by sample count, most first
 * @param byComponent top-frame samples grouped by component
 * @param projectInclusive this project's methods by samples with them anywhere on the stack
 * @param nativeSamples the number of {@code jdk.NativeMethodSample} events
 * @param topNative top native frames
 * @param allocationByType allocation weight in bytes by type
 * @param gcPause the sum of GC pauses
 * @param gcCount the number of collections
 */
public record JfrProfile(
    long executionSamples,
    Map<String, Long> topSelf,
    Map<String, Long> byComponent,
    Map<String, Long> projectInclusive,
    long nativeSamples,
    Map<String, Long> topNative,
    Map<String, Long> allocationByType,
    Duration gcPause,
    long gcCount) {

  /**
   * Reads a recording.
   *
   * @param file the {@code .jfr} file
   * @param top how many entries to keep per table
   * @return the summary
   * @throws IOException when it cannot be read
   */
  public static JfrProfile analyze(Path file, int top) throws IOException {
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> component = new HashMap<>();
    Map<String, Long> project = new HashMap<>();
    Map<String, Long> nat = new HashMap<>();
    Map<String, Long> alloc = new HashMap<>();
    long samples = 0;
    long nativeSamples = 0;
    long gcCount = 0;
    Duration pause = Duration.ZERO;
    try (RecordingFile rf = new RecordingFile(file)) {
      while (rf.hasMoreEvents()) {
        RecordedEvent e = rf.readEvent();
        String type = e.getEventType().getName();
        switch (type) {
          case "jdk.ExecutionSample" -> {
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) continue;
            samples++;
            RecordedFrame f = st.getFrames().get(0);
            self.merge(frameName(f), 1L, Long::sum);
            component.merge(component(f), 1L, Long::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame fr : st.getFrames()) {
              RecordedMethod m = fr.getMethod();
              if (m != null
                  && m.getType().getName().startsWith("org.wskactors.")
                  && !m.getType().getName().startsWith("org.wskactors.benchmarks.")) {
                String n = frameName(fr);
                if (seen.add(n)) project.merge(n, 1L, Long::sum);
              }
            }
          }
          case "jdk.NativeMethodSample" -> {
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) continue;
            nativeSamples++;
            nat.merge(frameName(st.getFrames().get(0)), 1L, Long::sum);
          }
          case "jdk.ObjectAllocationSample" -> {
            RecordedClass c = e.getClass("objectClass");
            if (c != null) alloc.merge(c.getName(), e.getLong("weight"), Long::sum);
          }
          case "jdk.GarbageCollection" -> {
            gcCount++;
            pause = pause.plus(e.getDuration("sumOfPauses"));
          }
          default -> {}
        }
      }
    }
    return new JfrProfile(
        samples,
        top(self, top),
        top(component, 20),
        top(project, top),
        nativeSamples,
        top(nat, 5),
        top(alloc, top),
        pause,
        gcCount);
  }

  private static String frameName(RecordedFrame f) {
    RecordedMethod m = f.getMethod();
    if (m == null) return "?";
    String type = m.getType().getName();
    int lambda = type.indexOf("$$Lambda");
    if (lambda > 0) return type.substring(0, lambda) + ".<lambda>";
    return type + "." + m.getName();
  }

  /** The component a top frame belongs to, by package. */
  static String component(RecordedFrame f) {
    RecordedMethod m = f.getMethod();
    String t = m == null ? "" : m.getType().getName();
    if (t.startsWith("org.wskactors.")) return "wsk-actors runtime and sample code";
    if (t.startsWith("org.apache.pekko.io.")) return "Pekko IO (selection handler, TCP connection)";
    if (t.startsWith("org.apache.pekko.dispatch.")) return "Pekko dispatch (mailboxes, fork-join)";
    if (t.startsWith("org.apache.pekko.actor.typed.")) return "Pekko typed (adapters, behaviours)";
    if (t.startsWith("org.apache.pekko.actor.")) return "Pekko actor core (tell, ActorCell)";
    if (t.startsWith("org.apache.pekko.util.")) return "Pekko util (ByteString)";
    if (t.startsWith("org.apache.pekko.")) return "Pekko other";
    if (t.startsWith("scala.")) return "Scala library (collections, closures)";
    if (t.startsWith("sun.nio.") || t.startsWith("java.nio."))
      return "JDK NIO (sockets, buffers, selector)";
    if (t.startsWith("java.util.concurrent.")) return "java.util.concurrent (ForkJoinPool, queues)";
    if (t.startsWith("ch.qos.logback.") || t.startsWith("org.slf4j.")) return "logging";
    if (t.startsWith("java.") || t.startsWith("jdk.") || t.startsWith("sun.")) return "JDK other";
    return "other";
  }

  private static Map<String, Long> top(Map<String, Long> counts, int n) {
    List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
    list.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(n, list.size()); i++)
      out.put(list.get(i).getKey(), list.get(i).getValue());
    return out;
  }
}
