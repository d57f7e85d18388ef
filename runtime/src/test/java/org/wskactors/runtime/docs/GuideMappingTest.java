package org.wskactors.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.wskactors.protocol.ClientControlCode;
import org.wskactors.protocol.IoctlCode;
import org.wskactors.protocol.SocketOption;
import org.wskactors.protocol.WskEvent;
import org.wskactors.protocol.WskFlags;
import org.wskactors.protocol.WskStatus;

/**
 * The guide's WSK mapping is complete where that can be checked mechanically: every status, option,
 * IOCTL, client control code, flag and event of the protocol has a table row; every WSK function
 * and event callback has a row; every protocol type and every WSK name the protocol's Javadoc
 * mentions appears in the guide.
 */
class GuideMappingTest {

  /** Every function and event callback of the WSK provider and client dispatch tables. */
  private static final List<String> WSK_FUNCTIONS =
      List.of(
          "WskRegister",
          "WskDeregister",
          "WskCaptureProviderNPI",
          "WskReleaseProviderNPI",
          "WskQueryProviderCharacteristics",
          "WskSocket",
          "WskSocketConnect",
          "WskControlClient",
          "WskGetAddressInfo",
          "WskFreeAddressInfo",
          "WskGetNameInfo",
          "WskClientEvent",
          "WskControlSocket",
          "WskCloseSocket",
          "WskBind",
          "WskAccept",
          "WskInspectComplete",
          "WskGetLocalAddress",
          "WskGetRemoteAddress",
          "WskConnect",
          "WskConnectEx",
          "WskListen",
          "WskSend",
          "WskReceive",
          "WskSendEx",
          "WskReceiveEx",
          "WskDisconnect",
          "WskRelease",
          "WskSendTo",
          "WskReceiveFrom",
          "WskSendMessages",
          "WskAcceptEvent",
          "WskInspectEvent",
          "WskAbortEvent",
          "WskReceiveFromEvent",
          "WskReceiveEvent",
          "WskDisconnectEvent",
          "WskSendBacklogEvent",
          "WskReceiveExEvent");

  /** WSK names without a counterpart here: their row must say so. */
  private static final List<String> NOT_OFFERED =
      List.of(
          "WskSendEx",
          "WskReceiveEx",
          "WskReceiveExEvent",
          "WskClientEvent",
          "SO_WSK_SECURITY",
          "SIO_WSK_REGISTER_EXTENSION",
          "SIO_WSK_SET_TCP_SILENT_MODE",
          "SIO_WSK_SET_RECEIVE_EX_CALLBACK",
          "SIO_ADDRESS_LIST_SORT",
          "WSK_FLAG_RELEASE_ASAP",
          "WSK_FLAG_AT_DISPATCH_LEVEL",
          "SOCK_RAW");

  private static final Pattern WSK_NAME =
      Pattern.compile(
          "\\b(Wsk[A-Z]\\w+|WSK_[A-Z_]+|SIO_[A-Z_]+|SO_[A-Z_]+|MSG_[A-Z_]+|NI_[A-Z_]+|"
              + "IPV6_V6ONLY|TCP_NODELAY|MCAST_[A-Z_]+|IP_MULTICAST_[A-Z]+|STATUS_[A-Z_]+)\\b");

  private final String guide = GuideText.guide();

  @Test
  void everyStatusHasARow() {
    for (WskStatus s : WskStatus.values()) assertRow(s.name());
  }

  @Test
  void everySocketOptionIoctlAndClientControlCodeHasARow() throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Class<?> holder : List.of(SocketOption.class, IoctlCode.class, ClientControlCode.class)) {
      for (Field f : holder.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == holder) {
          names.add(f.get(null).toString());
        }
      }
    }
    assertTrue(names.size() >= 14 + 8 + 7, "constants found: " + names);
    for (String n : names) assertRow(n);
  }

  @Test
  void everyFlagAndEventHasARow() throws IllegalAccessException {
    int flags = 0;
    for (Field f : WskFlags.class.getFields()) {
      if (f.getType() == int.class && !f.getName().equals("NONE")) {
        assertRow(f.getName());
        flags++;
      }
    }
    assertTrue(flags >= 9, "flags found: " + flags);
    for (WskEvent e : WskEvent.values()) assertRow("WSK_EVENT_" + e.name());
  }

  @Test
  void everyWskFunctionAndEventCallbackHasARow() {
    for (String f : WSK_FUNCTIONS) assertRow(f);
  }

  @Test
  void namesWithoutACounterpartSaySo() {
    for (String n : NOT_OFFERED) {
      String row = row(n);
      assertTrue(
          row.contains("not offered") || row.contains("not supported"),
          n + ": its row should say why it is not offered: " + row);
    }
  }

  @Test
  void everyProtocolTypeIsNamedInTheGuidesCode() throws IOException {
    List<String> types;
    try (Stream<Path> files = protocolSources()) {
      types =
          files
              .map(p -> p.getFileName().toString().replace(".java", ""))
              .filter(n -> !n.equals("package-info"))
              .toList();
    }
    assertTrue(types.size() > 70, "protocol types found: " + types.size());
    Set<String> words = codeWords(guide);
    TreeSet<String> missing = new TreeSet<>(types);
    missing.removeAll(words);
    assertEquals(new TreeSet<String>(), missing, "protocol types the guide never names as code");
  }

  /** The identifiers in code: fenced blocks and inline code spans. */
  private static Set<String> codeWords(String markdown) {
    StringBuilder code = new StringBuilder();
    Matcher fenced = Pattern.compile("```[^\\n]*\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    StringBuilder prose = new StringBuilder();
    int last = 0;
    while (fenced.find()) {
      code.append(fenced.group(1)).append('\n');
      prose.append(markdown, last, fenced.start());
      last = fenced.end();
    }
    prose.append(markdown.substring(last));
    Matcher inline = Pattern.compile("`([^`\\n]+)`").matcher(prose);
    while (inline.find()) code.append(inline.group(1)).append('\n');
    Set<String> words = new HashSet<>();
    Matcher w = Pattern.compile("\\b[A-Za-z_]\\w*\\b").matcher(code);
    while (w.find()) words.add(w.group());
    return words;
  }

  @Test
  void everyWskNameInTheProtocolJavadocIsInTheGuide() throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (Stream<Path> files = protocolSources()) {
      for (Path f : files.toList()) {
        Matcher m = WSK_NAME.matcher(Files.readString(f));
        while (m.find()) names.add(m.group(1));
      }
    }
    assertTrue(names.size() > 60, "WSK names found: " + names.size());
    TreeSet<String> missing = new TreeSet<>();
    for (String n : names) {
      if (!Pattern.compile("\\b" + n + "\\b").matcher(guide).find()) missing.add(n);
    }
    assertEquals(
        new TreeSet<String>(), missing, "WSK names of the protocol missing from the guide");
  }

  private static Stream<Path> protocolSources() throws IOException {
    Path dir = GuideText.ROOT.resolve("protocols/src/main/java/org/wskactors/protocol");
    assertTrue(Files.isDirectory(dir), dir.toString());
    return Files.list(dir).filter(p -> p.toString().endsWith(".java")).sorted();
  }

  /** A table row whose first cell names {@code name} in backticks. */
  private String row(String name) {
    Matcher m =
        Pattern.compile(
                "^\\| [^|\\n]*`" + Pattern.quote(name) + "`[^|\\n]*\\|.*$", Pattern.MULTILINE)
            .matcher(guide);
    assertTrue(m.find(), "no table row for " + name);
    return m.group();
  }

  private void assertRow(String name) {
    assertFalse(row(name).isEmpty());
  }
}
