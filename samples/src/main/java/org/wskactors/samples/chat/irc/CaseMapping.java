package org.wskactors.samples.chat.irc;

/**
 * The {@code rfc1459} case mapping (advertised as {@code CASEMAPPING=rfc1459}): ASCII letters fold
 * to lower case, and {@code []\~} are the upper case of {@code {}|^}, because of IRC's Scandinavian
 * origin (RFC 1459 section 2.2). Every comparison of nicks and channel names on the server uses the
 * folded form, and so do the keys of the chat backend (channel router, nick registry).
 *
 * <p>Characters outside ASCII are left as they are: the mapping defines no other equivalence.
 */
public final class CaseMapping {
  private CaseMapping() {}

  /** The name servers advertise for this mapping in {@code 005 RPL_ISUPPORT}. */
  public static final String NAME = "rfc1459";

  /**
   * The folded (lower case) form of a nick, channel name or mask.
   *
   * @param s the text; null gives null
   * @return the text with {@code A-Z} and {@code []\~} mapped to {@code a-z} and {@code {}|^}
   */
  public static String fold(String s) {
    if (s == null) return null;
    char[] out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char f = fold(c);
      if (f != c) {
        if (out == null) out = s.toCharArray();
        out[i] = f;
      }
    }
    return out == null ? s : new String(out);
  }

  /**
   * The folded form of one character.
   *
   * @param c the character
   * @return its lower case under {@code rfc1459}
   */
  public static char fold(char c) {
    if (c >= 'A' && c <= 'Z') return (char) (c + ('a' - 'A'));
    switch (c) {
      case '[':
        return '{';
      case ']':
        return '}';
      case '\\':
        return '|';
      case '~':
        return '^';
      default:
        return c;
    }
  }

  /**
   * Whether two names are equal under the mapping.
   *
   * @param a a name
   * @param b another name
   * @return true when their folded forms are equal
   */
  public static boolean equals(String a, String b) {
    if (a == null || b == null) return a == b;
    return a.length() == b.length() && fold(a).equals(fold(b));
  }

  /**
   * Matches an IRC wildcard mask ({@code *} any run, {@code ?} one character) against a text,
   * case-insensitively under the mapping; used for ban masks such as {@code *!*@10.0.0.*}.
   *
   * @param mask the mask
   * @param text the text, usually {@code nick!user@host}
   * @return true when the mask matches the whole text
   */
  public static boolean matches(String mask, String text) {
    String m = fold(mask);
    String t = fold(text);
    int mi = 0;
    int ti = 0;
    int starM = -1;
    int starT = -1;
    while (ti < t.length()) {
      if (mi < m.length() && (m.charAt(mi) == '?' || m.charAt(mi) == t.charAt(ti))) {
        mi++;
        ti++;
      } else if (mi < m.length() && m.charAt(mi) == '*') {
        starM = mi++;
        starT = ti;
      } else if (starM >= 0) {
        mi = starM + 1;
        ti = ++starT;
      } else {
        return false;
      }
    }
    while (mi < m.length() && m.charAt(mi) == '*') mi++;
    return mi == m.length();
  }
}
