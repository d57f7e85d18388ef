/**
 * The benchmark results: rows and scenarios, the machine description, the flight-recording summary,
 * and {@link org.wskactors.benchmarks.report.Report}, which writes {@code results.md}, {@code
 * results.csv} and the chart.
 */
package org.wskactors.benchmarks.report;
