package org.wskactors.samples.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link IrcMessage}: parsing client lines and writing server lines, table-driven. */
class IrcMessageTest {

  static Arguments parsed(String line, String prefix, String command, String... params) {
    return Arguments.of(line, new IrcMessage(prefix, command, List.of(params)));
  }

  static Stream<Arguments> parseTable() {
    List<String> fifteen = new ArrayList<>();
    StringBuilder line = new StringBuilder("CMD");
    for (int i = 1; i <= 14; i++) {
      line.append(" p").append(i);
      fifteen.add("p" + i);
    }
    line.append(" rest of the line");
    fifteen.add("rest of the line");
    return Stream.of(
        parsed("NICK alice", null, "NICK", "alice"),
        parsed("nick alice", null, "NICK", "alice"),
        parsed("USER a 0 * :Alice Liddell", null, "USER", "a", "0", "*", "Alice Liddell"),
        parsed("PRIVMSG #a :hello :world", null, "PRIVMSG", "#a", "hello :world"),
        parsed("PRIVMSG #a ::-)", null, "PRIVMSG", "#a", ":-)"),
        parsed("TOPIC #a :", null, "TOPIC", "#a", ""),
        parsed("TOPIC #a", null, "TOPIC", "#a"),
        parsed(":nick!u@h PRIVMSG bob :hi", "nick!u@h", "PRIVMSG", "bob", "hi"),
        parsed("  JOIN   #a,#b   k1,k2  ", null, "JOIN", "#a,#b", "k1,k2"),
        parsed("@time=x;y :p PING :tok", "p", "PING", "tok"),
        parsed("@tag PONG x", null, "PONG", "x"),
        parsed("001 me :Welcome", null, "001", "me", "Welcome"),
        parsed("QUIT", null, "QUIT"),
        Arguments.of(line.toString(), new IrcMessage(null, "CMD", fifteen)),
        parsed(
            "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :fifteen",
            null,
            "CMD",
            "1",
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
            "8",
            "9",
            "10",
            "11",
            "12",
            "13",
            "14",
            "fifteen"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parseTable")
  void parses(String line, IrcMessage expected) {
    assertEquals(expected, IrcMessage.parse(line));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", ":prefix", ":prefix   ", "@tags", "@tags :prefix"})
  void linesWithoutACommandParseToNull(String line) {
    assertNull(IrcMessage.parse(line));
  }

  static Stream<Arguments> formatTable() {
    return Stream.of(
        Arguments.of(IrcMessage.of("PING", "tok"), "PING tok", "PING :tok"),
        Arguments.of(IrcMessage.of("PRIVMSG", "#a", "two words"), "PRIVMSG #a :two words", null),
        Arguments.of(IrcMessage.of("TOPIC", "#a", ""), "TOPIC #a :", "TOPIC #a :"),
        Arguments.of(IrcMessage.of("PRIVMSG", "#a", ":-)"), "PRIVMSG #a ::-)", null),
        Arguments.of(
            new IrcMessage("a!b@c", "JOIN", List.of("#chan")),
            ":a!b@c JOIN #chan",
            ":a!b@c JOIN :#chan"),
        Arguments.of(
            new IrcMessage("srv", "001", List.of("me", "Welcome home")),
            ":srv 001 me :Welcome home",
            null),
        Arguments.of(IrcMessage.of("QUIT"), "QUIT", "QUIT"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("formatTable")
  void formats(IrcMessage message, String plain, String withTrailing) {
    assertEquals(plain, message.format());
    assertEquals(withTrailing == null ? plain : withTrailing, message.formatWithTrailing());
    assertEquals(message, IrcMessage.parse(message.format()), "round trip");
  }

  @Test
  void refusesLinesThatCannotBeWritten() {
    assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", "a b", "c").format());
    assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", "", "c").format());
    assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", ":a", "c").format());
    assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", "a\r\nQUIT").format());
    assertThrows(IllegalArgumentException.class, () -> IrcMessage.of("X", "a\0").format());
    assertThrows(IllegalArgumentException.class, () -> IrcMessage.of(""));
  }

  @Test
  void paramAnswersNullPastTheEnd() {
    IrcMessage m = IrcMessage.parse("KICK #a bob");
    assertEquals("bob", m.param(1));
    assertNull(m.param(2));
  }
}
