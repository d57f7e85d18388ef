package org.wskactors.samples.chat.irc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link CaseMapping}, {@link IrcRules} and {@link Numeric}: table-driven. */
class IrcRulesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "Alice;alice",
        "[Bob];{bob}",
        "back\\slash;back|slash",
        "ti~lde;ti^lde",
        "{already};{already}",
        "'#Chan[1]';#chan{1}",
        "Ünïcode;Ünïcode",
        "MiXeD-123_;mixed-123_"
      })
  void foldsWithRfc1459(String in, String folded) {
    assertEquals(folded, CaseMapping.fold(in));
    assertTrue(CaseMapping.equals(in, folded));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "*!*@*;nick!user@host;true",
        "bob!*@*;BOB!x@y;true",
        "[a]!*@*;{A}!u@h;true",
        "*!*@10.0.0.*;n!u@10.0.0.7;true",
        "*!*@10.0.0.*;n!u@10.0.1.7;false",
        "n?ck!*@*;nick!u@h;true",
        "n?ck!*@*;nck!u@h;false",
        "*x*;abc;false",
        "a*b*c;aXXbYYc;true",
        "a*b*c;aXXbYY;false"
      })
  void matchesWildcardMasks(String mask, String text, boolean expected) {
    assertEquals(expected, CaseMapping.matches(mask, text), mask + " ~ " + text);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "alice;0",
        "a;0",
        "[x]`_^{|};0",
        "Bob-2;0",
        "_under;0",
        "123abc;432",
        "-dash;432",
        "with space;432",
        "dot.ted;432",
        "colon:;432",
        "é;432",
        "abcdefghij;0",
        "abcdefghijk;432",
        "'';431"
      })
  void validatesNicks(String nick, int expected) {
    assertEquals(expected, IrcRules.nickError(nick.equals("''") ? "" : nick, 10), nick);
  }

  @Test
  void aMissingNickIs431() {
    assertEquals(Numeric.ERR_NONICKNAMEGIVEN, IrcRules.nickError(null, 30));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "'#chan';0",
        "&local;0",
        "'#a';0",
        "'#ünï';0",
        "chan;403",
        "+chan;403",
        "!chan;403",
        "'#';476",
        "'#with space';476",
        "'#a,b';476",
        "'#co:lon';476",
        "'#bel\u0007';476",
        "'#1234567890';0",
        "'#12345678901';476"
      })
  void validatesChannelNames(String name, int expected) {
    assertEquals(expected, IrcRules.channelError(name, 11), name);
  }

  @Test
  void recognisesChannelNames() {
    assertTrue(IrcRules.isChannelName("#a"));
    assertTrue(IrcRules.isChannelName("&a"));
    assertFalse(IrcRules.isChannelName("a"));
    assertFalse(IrcRules.isChannelName(""));
    assertFalse(IrcRules.isChannelName(null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "bob;bob!*@*",
        "*@host;*!*@host",
        "@host;*!*@host",
        "user@host;*!user@host",
        "user@;*!user@*",
        "bob!x;bob!x@*",
        "a!b@c;a!b@c"
      })
  void completesBanMasks(String mask, String full) {
    assertEquals(full, IrcRules.normalizeMask(mask));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {"alice;~alice", "a b@c!d;~abcd", "averyveryverylongname;~averyveryv", "@@@;~user"})
  void cleansUserNames(String given, String shown) {
    assertEquals(shown, IrcRules.userName(given));
  }

  @Test
  void hostsStartingWithAColonGetAZero() {
    assertEquals("0::1", IrcRules.displayHost("::1"));
    assertEquals("127.0.0.1", IrcRules.displayHost("127.0.0.1"));
    assertEquals("2001:db8::1", IrcRules.displayHost("2001:db8::1"));
  }

  @Test
  void placesTheChannelOfARefusalWhereTheRfcPutsIt() {
    assertEquals(List.of("bob", "#a"), Numeric.refusalParams(441, "#a", List.of("bob")));
    assertEquals(List.of("#a"), Numeric.refusalParams(482, "#a", List.of()));
    assertEquals(List.of("MODE"), Numeric.refusalParams(461, "#a", List.of("MODE")));
    assertEquals(List.of("x"), Numeric.refusalParams(472, "#a", List.of("x")));
    assertEquals("001", Numeric.code(1));
    assertEquals("433", Numeric.code(433));
  }
}
