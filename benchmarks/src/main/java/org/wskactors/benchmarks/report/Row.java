package org.wskactors.benchmarks.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One server's result in one scenario.
 *
 * @param server the server id
 * @param ours whether it is this project's server
 * @param values the metrics by column name, in column order (empty when skipped)
 * @param errors errors counted (verification failures, I/O errors, timeouts, a failed start)
 * @param verifiedBytes bytes compared with what was sent and found equal
 * @param note a remark: why it was skipped or failed, or the first errors
 */
public record Row(
    String server,
    boolean ours,
    Map<String, Double> values,
    long errors,
    long verifiedBytes,
    String note) {

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
