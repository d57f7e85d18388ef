package org.wskactors.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One server's result in one scenario.
 *
 * @param server the server id
 * @param ours whether it is this project's server
 * @param values the metrics by column name, in column order (empty when skipped)
 * @param errors errors counted (verification failures, I/O errors, timeouts, a failed start)
 * @param verifiedBytes bytes compared with what was sent and found equal
 * @param note a remark: why it was skipped or failed, or the first errors
 * @param rounds the primary metric of each round when the scenario ran more than one ({@code
 *     --rounds}), in round order; empty for a single run
 */
public record Row(
    String server,
    boolean ours,
    Map<String, Double> values,
    long errors,
    long verifiedBytes,
    String note,
    List<Double> rounds) {

  /**
   * A row of one run.
   *
   * @param server the server id
   * @param ours whether it is this project's server
   * @param values the metrics by column name, in column order
   * @param errors errors counted
   * @param verifiedBytes bytes verified equal
   * @param note a remark or empty
   */
  public Row(
      String server,
      boolean ours,
      Map<String, Double> values,
      long errors,
      long verifiedBytes,
      String note) {
    this(server, ours, values, errors, verifiedBytes, note, List.of());
  }

  /**
   * One server's rows of several rounds folded into one: each metric is the median of the rounds
   * that have it, errors and verified bytes are summed, distinct notes are joined, and the primary
   * metric of every round is kept in {@link #rounds} (NaN for a round without it).
   *
   * @param perRound the server's rows, one per round, in round order (at least one)
   * @param primary the primary metric's column
   * @return the folded row
   */
  public static Row medianOf(List<Row> perRound, String primary) {
    Row first = perRound.get(0);
    Map<String, Double> values = new LinkedHashMap<>();
    for (Row r : perRound) for (String c : r.values().keySet()) values.putIfAbsent(c, Double.NaN);
    for (String c : values.keySet()) {
      List<Double> vs = new ArrayList<>();
      for (Row r : perRound) if (!Double.isNaN(r.value(c))) vs.add(r.value(c));
      values.put(c, median(vs));
    }
    long errors = 0;
    long verified = 0;
    Set<String> notes = new LinkedHashSet<>();
    List<Double> rounds = new ArrayList<>();
    for (Row r : perRound) {
      errors += r.errors();
      verified += r.verifiedBytes();
      if (!r.note().isBlank()) notes.add(r.note());
      rounds.add(r.value(primary));
    }
    return new Row(
        first.server(),
        first.ours(),
        values,
        errors,
        verified,
        String.join("; ", notes),
        List.copyOf(rounds));
  }

  /**
   * The median of some values: the middle one, or the mean of the two middle ones.
   *
   * @param values the values (not modified)
   * @return the median, NaN when there are none
   */
  public static double median(List<Double> values) {
    if (values.isEmpty()) return Double.NaN;
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * A row without measurements.
   *
   * @param server the server id
   * @param ours whether it is this project's
   * @param errors errors (1 for a failed start, 0 for a skip)
   * @param note why
   * @return the row
   */
  public static Row without(String server, boolean ours, long errors, String note) {
    return new Row(server, ours, new LinkedHashMap<>(), errors, 0, note);
  }

  /**
   * A metric.
   *
   * @param column the column name
   * @return its value, NaN when absent
   */
  public double value(String column) {
    Double v = values.get(column);
    return v == null ? Double.NaN : v;
  }
}
