package org.wskactors.samples.chat.irc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One IRC message (RFC 1459 section 2.3.1, RFC 2812 section 2.3.1): an optional prefix, a command
 * (a word or a three-digit numeric) and up to {@value #MAX_PARAMS} parameters, the last of which
 * may be a trailing parameter with spaces.
 *
 * <p>{@link #parse} reads a line as a client sends it (without CR LF); {@link #format} writes one
 * for a client, quoting the last parameter with {@code :} where the grammar needs it. Both are
 * pure.
 *
 * @param prefix the prefix without the leading {@code :} ({@code nick!user@host} or a server name),
 *     or null
 * @param command the command, upper case (numerics as three digits)
 * @param params the parameters, the trailing one last and without its {@code :}
 */
public record IrcMessage(String prefix, String command, List<String> params) {

  /** The most parameters a message has (14 middle ones and a trailing one). */
  public static final int MAX_PARAMS = 15;

  /**
   * Copies the parameters.
   *
   * @param prefix the prefix or null
   * @param command the command, not empty
   * @param params the parameters; null for none
   */
  public IrcMessage {
    if (command == null || command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    params = params == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(params));
  }

  /**
   * A message without prefix.
   *
   * @param command the command
   * @param params the parameters
   * @return the message
   */
  public static IrcMessage of(String command, String... params) {
    return new IrcMessage(null, command, List.of(params));
  }

  /**
   * The parameter at {@code index}, or null when there are fewer.
   *
   * @param index the index, from 0
   * @return the parameter or null
   */
  public String param(int index) {
    return index < params.size() ? params.get(index) : null;
  }

  /**
   * Parses a line received from a client, without its CR LF.
   *
   * <p>Leading spaces and IRCv3 message tags ({@code @a=b;c ...}) are skipped, the command is
   * upper-cased ({@link Locale#ROOT}), parameters are separated by one or more spaces, a parameter
   * starting with {@code :} takes the rest of the line, and so does the 15th parameter with or
   * without {@code :} (RFC 2812's grammar).
   *
   * @param line the line
   * @return the message, or null when the line holds no command (empty, only spaces, only a prefix)
   */
  public static IrcMessage parse(String line) {
    int n = line.length();
    int i = skipSpaces(line, 0);
    if (i < n && line.charAt(i) == '@') { // IRCv3 tags: not negotiated here, so ignored
      i = skipSpaces(line, wordEnd(line, i));
    }
    String prefix = null;
    if (i < n && line.charAt(i) == ':') {
      int end = wordEnd(line, i);
      prefix = line.substring(i + 1, end);
      i = skipSpaces(line, end);
    }
    if (i >= n) return null;
    int end = wordEnd(line, i);
    String command = line.substring(i, end).toUpperCase(Locale.ROOT);
    i = end;
    List<String> params = new ArrayList<>();
    while (true) {
      i = skipSpaces(line, i);
      if (i >= n) break;
      if (line.charAt(i) == ':') {
        params.add(line.substring(i + 1));
        break;
      }
      if (params.size() == MAX_PARAMS - 1) {
        params.add(line.substring(i));
        break;
      }
      end = wordEnd(line, i);
      params.add(line.substring(i, end));
      i = end;
    }
    return new IrcMessage(prefix, command, params);
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') i++;
    return i;
  }

  private static int wordEnd(String s, int i) {
    while (i < s.length() && s.charAt(i) != ' ') i++;
    return i;
  }

  /**
   * The line for a client, without CR LF: the last parameter gets a {@code :} only when it is
   * empty, holds a space or starts with {@code :}.
   *
   * @return the line
   * @throws IllegalArgumentException when a parameter other than the last could not be written
   *     (empty, a space, a leading {@code :}) or any holds CR, LF or NUL
   */
  public String format() {
    return format(false);
  }

  /**
   * The line for a client, without CR LF, with the last parameter always written as a trailing
   * parameter ({@code :text}), as servers write numerics' texts and message bodies.
   *
   * @return the line
   * @throws IllegalArgumentException as {@link #format()}
   */
  public String formatWithTrailing() {
    return format(true);
  }

  private String format(boolean forceTrailing) {
    StringBuilder sb = new StringBuilder();
    if (prefix != null) sb.append(':').append(prefix).append(' ');
    sb.append(command);
    for (int i = 0; i < params.size(); i++) {
      String p = params.get(i);
      checkNoBreaks(p);
      boolean last = i == params.size() - 1;
      boolean needsColon = p.isEmpty() || p.indexOf(' ') >= 0 || p.charAt(0) == ':';
      if (last && (needsColon || forceTrailing)) {
        sb.append(" :").append(p);
      } else if (needsColon) {
        throw new IllegalArgumentException(
            "middle parameter " + i + " cannot be written: '" + p + "'");
      } else {
        sb.append(' ').append(p);
      }
    }
    return sb.toString();
  }

  private static void checkNoBreaks(String p) {
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("parameter holds CR, LF or NUL");
      }
    }
  }
}
