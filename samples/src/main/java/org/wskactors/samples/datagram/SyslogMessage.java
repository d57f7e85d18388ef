package org.wskactors.samples.datagram;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One syslog message as {@link SyslogParser} read it from a datagram; {@link SyslogCollector} logs
 * it and sends it to its listener.
 *
 * <p>Fields that the message leaves out or gives as the NILVALUE {@code -} are null; {@code
 * message} is never null (empty when the datagram has no MSG part).
 *
 * @param facility the facility, 0 ({@code kern}) to 23 ({@code local7}): PRI / 8
 * @param severity the severity, 0 ({@code emerg}) to 7 ({@code debug}): PRI % 8
 * @param format the syntax the message was written in
 * @param timestamp the TIMESTAMP exactly as received ({@code 2003-10-11T22:14:15.003Z} in RFC 5424,
 *     {@code Oct 11 22:14:15} in RFC 3164, which has no year or zone), or null
 * @param hostname the HOSTNAME, or null
 * @param appName the APP-NAME (RFC 3164: the TAG), or null
 * @param procId the PROCID (RFC 3164: the {@code [PID]} after the TAG), or null
 * @param msgId the MSGID (RFC 5424 only), or null
 * @param structuredData the STRUCTURED-DATA as received, escapes included, such as {@code
 *     [exampleSDID@32473 iut="3" eventSource="Application"]} (RFC 5424 only), or null
 * @param message the MSG, without a leading byte order mark or trailing line ends and NULs
 * @param sender the address the datagram came from, or null when not known
 */
public record SyslogMessage(
    int facility,
    int severity,
    Format format,
    String timestamp,
    String hostname,
    String appName,
    String procId,
    String msgId,
    String structuredData,
    String message,
    InetSocketAddress sender) {

  /** The two syslog syntaxes the parser understands. */
  public enum Format {
    /** The syslog protocol of RFC 5424: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME ...}. */
    RFC5424,
    /** The BSD syslog of RFC 3164 and its variants: {@code <PRI>Mmm dd hh:mm:ss HOST TAG: MSG}. */
    RFC3164
  }

  /** The facility keywords of RFC 5424 section 6.2.1 (and common usage), by code. */
  public static final List<String> FACILITY_NAMES =
      List.of(
          "kern",
          "user",
          "mail",
          "daemon",
          "auth",
          "syslog",
          "lpr",
          "news",
          "uucp",
          "cron",
          "authpriv",
          "ftp",
          "ntp",
          "audit",
          "alert",
          "clock",
          "local0",
          "local1",
          "local2",
          "local3",
          "local4",
          "local5",
          "local6",
          "local7");

  /** The severity keywords of RFC 5424 section 6.2.1, by code. */
  public static final List<String> SEVERITY_NAMES =
      List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

  /**
   * Checks the ranges and that {@code format} and {@code message} are present.
   *
   * @param facility 0 to 23
   * @param severity 0 to 7
   * @param format not null
   * @param timestamp as received, or null
   * @param hostname or null
   * @param appName or null
   * @param procId or null
   * @param msgId or null
   * @param structuredData as received, or null
   * @param message not null
   * @param sender or null
   * @throws IllegalArgumentException for a facility outside 0-23 or a severity outside 0-7
   */
  public SyslogMessage {
    if (facility < 0 || facility >= FACILITY_NAMES.size()) {
      throw new IllegalArgumentException("facility must be 0 to 23: " + facility);
    }
    if (severity < 0 || severity >= SEVERITY_NAMES.size()) {
      throw new IllegalArgumentException("severity must be 0 to 7: " + severity);
    }
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The PRI value the message carried.
   *
   * @return facility * 8 + severity
   */
  public int pri() {
    return facility * 8 + severity;
  }

  /**
   * The facility keyword.
   *
   * @return the keyword, such as {@code local3}
   */
  public String facilityName() {
    return FACILITY_NAMES.get(facility);
  }

  /**
   * The severity keyword.
   *
   * @return the keyword, such as {@code warning}
   */
  public String severityName() {
    return SEVERITY_NAMES.get(severity);
  }
}
