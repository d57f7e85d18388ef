package org.wskactors.benchmarks.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's results: its id and title, its columns (the first is the primary metric that
 * ratios compare), whether higher is better for the primary metric, the rows, and notes (skips,
 * caveats).
 */
public final class ScenarioResult {
  private final String id;
  private final String title;
  private final List<String> columns;
  private final boolean higherIsBetter;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * A scenario without results yet.
   *
   * @param id short id, e.g. {@code s2}
   * @param title what it measures, with its parameters
   * @param columns metric columns, primary first
   * @param higherIsBetter whether a higher primary metric is better
   */
  public ScenarioResult(String id, String title, List<String> columns, boolean higherIsBetter) {
    this.id = id;
    this.title = title;
    this.columns = List.copyOf(columns);
    this.higherIsBetter = higherIsBetter;
  }

  /**
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * @return the title
   */
  public String title() {
    return title;
  }

  /**
   * @return the columns, primary first
   */
  public List<String> columns() {
    return columns;
  }

  /**
   * @return the primary metric's column
   */
  public String primary() {
    return columns.get(0);
  }

  /**
   * @return whether higher is better for the primary metric
   */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /**
   * @return the rows, in the order they ran
   */
  public List<Row> rows() {
    return rows;
  }

  /**
   * @return the notes
   */
  public List<String> notes() {
    return notes;
  }

  /**
   * Adds a row.
   *
   * @param row the row
   */
  public void add(Row row) {
    rows.add(row);
  }

  /**
   * Adds a note.
   *
   * @param note the note
   */
  public void note(String note) {
    notes.add(note);
  }

  /**
   * @return the errors of all rows
   */
  public long errors() {
    return rows.stream().mapToLong(Row::errors).sum();
  }

  /**
   * The row of a server.
   *
   * @param server the server id
   * @return the row, or null
   */
  public Row row(String server) {
    return rows.stream().filter(r -> r.server().equals(server)).findFirst().orElse(null);
  }
}
