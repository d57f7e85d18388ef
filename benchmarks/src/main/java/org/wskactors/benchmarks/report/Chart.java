package org.wskactors.benchmarks.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The results as one PNG of four XChart bar charts: TCP throughput relative to the fastest server
 * of each scenario, p99 latency of the request/response scenarios, memory per idle connection, and
 * UDP datagrams per second.
 */
public final class Chart {
  private Chart() {}

  private static final int W = 760;
  private static final int H = 440;

  /**
   * Draws the chart.
   *
   * @param file the PNG to write
   * @param results the scenarios (those missing leave their panel empty)
   * @throws IOException when it cannot be written
   */
  public static void write(Path file, List<ScenarioResult> results) throws IOException {
    BufferedImage all = new BufferedImage(2 * W, 2 * H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 2 * W, 2 * H);
    draw(g, 0, 0, relativeThroughput(results), "TCP throughput: no data");
    draw(g, W, 0, latency(results), "p99 latency: no data");
    draw(g, 0, H, memory(results), "memory per idle connection: no data");
    draw(
        g,
        W,
        H,
        single(results, "s6", "UDP echo, datagrams/s, higher is better", "datagrams/s"),
        "UDP: no data");
    g.dispose();
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(all, "png", file.toFile());
  }

  private static void draw(Graphics2D g, int x, int y, CategoryChart chart, String empty) {
    if (chart == null) {
      g.setColor(Color.GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
      g.drawString(empty, x + 40, y + H / 2);
      return;
    }
    g.drawImage(BitmapEncoder.getBufferedImage(chart), x, y, null);
  }

  private static CategoryChart base(String title, String yTitle) {
    CategoryChart c =
        new CategoryChartBuilder().width(W).height(H).title(title).yAxisTitle(yTitle).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setPlotGridVerticalLinesVisible(false);
    c.getStyler().setOverlapped(false);
    return c;
  }

  private static CategoryChart relativeThroughput(List<ScenarioResult> results) {
    List<ScenarioResult> tcp = new ArrayList<>();
    for (ScenarioResult s : results) {
      if (List.of("s1", "s2", "s3", "s4").contains(s.id()) && hasData(s, r -> true)) tcp.add(s);
    }
    if (tcp.isEmpty()) return null;
    Set<String> servers = new LinkedHashSet<>();
    for (ScenarioResult s : tcp) for (Row r : s.rows()) if (jvm(r)) servers.add(r.server());
    CategoryChart c =
        base(
            "TCP throughput relative to the fastest JVM server (1.0), higher is better",
            "relative");
    List<String> x = new ArrayList<>();
    for (ScenarioResult s : tcp) x.add(s.id() + " " + s.primary());
    for (String server : servers) {
      List<Number> y = new ArrayList<>();
      for (ScenarioResult s : tcp) {
        double best = 0;
        for (Row r : s.rows()) if (jvm(r)) best = Math.max(best, value(r, s.primary()));
        Row r = s.row(server);
        y.add(r == null || best == 0 ? 0 : value(r, s.primary()) / best);
      }
      c.addSeries(server, x, y);
    }
    return c;
  }

  private static CategoryChart latency(List<ScenarioResult> results) {
    List<ScenarioResult> rr = new ArrayList<>();
    for (ScenarioResult s : results) {
      if (List.of("s2", "s3").contains(s.id()) && hasData(s, r -> true)) rr.add(s);
    }
    if (rr.isEmpty()) return null;
    Set<String> servers = new LinkedHashSet<>();
    for (ScenarioResult s : rr)
      for (Row r : s.rows()) if (!r.values().isEmpty()) servers.add(r.server());
    CategoryChart c = base("p99 latency, lower is better", "microseconds");
    c.getStyler().setYAxisDecimalPattern("#,###");
    List<String> x = new ArrayList<>();
    for (ScenarioResult s : rr) x.add(s.id());
    for (String server : servers) {
      List<Number> y = new ArrayList<>();
      for (ScenarioResult s : rr) {
        Row r = s.row(server);
        y.add(r == null ? 0 : value(r, "p99 µs"));
      }
      c.addSeries(server, x, y);
    }
    return c;
  }

  private static CategoryChart memory(List<ScenarioResult> results) {
    ScenarioResult s = results.stream().filter(r -> r.id().equals("s5")).findFirst().orElse(null);
    if (s == null || !hasData(s, r -> true)) return null;
    CategoryChart c =
        base("Server memory per idle connection, lower is better", "KiB per connection");
    List<String> x = List.of("RSS (VmRSS)", "Java heap in use");
    for (Row r : s.rows()) {
      if (r.values().isEmpty()) continue;
      c.addSeries(
          r.server(),
          x,
          List.of(value(r, "RSS B/conn") / 1024.0, value(r, "heap B/conn") / 1024.0));
    }
    return c;
  }

  private static CategoryChart single(
      List<ScenarioResult> results, String id, String title, String yTitle) {
    ScenarioResult s = results.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    if (s == null || !hasData(s, r -> true)) return null;
    CategoryChart c = base(title, yTitle);
    List<String> x = List.of(s.id());
    for (Row r : s.rows()) {
      if (r.values().isEmpty()) continue;
      c.addSeries(r.server(), x, List.of(value(r, s.primary())));
    }
    return c;
  }

  private static boolean jvm(Row r) {
    return !r.values().isEmpty() && !r.server().equals("iperf3");
  }

  private static boolean hasData(ScenarioResult s, Function<Row, Boolean> filter) {
    return s.rows().stream().anyMatch(r -> !r.values().isEmpty() && filter.apply(r));
  }

  private static double value(Row r, String column) {
    double v = r.value(column);
    return Double.isNaN(v) ? 0 : v;
  }
}
