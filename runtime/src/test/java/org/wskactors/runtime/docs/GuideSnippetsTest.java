package org.wskactors.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the code in docs/guide.md and README.md identical to the compiled examples, as Pekko does
 * with its doc snippets.
 *
 * <p>A snippet in Markdown is a marker line {@code <!-- snippet: PATH#TAG -->} directly followed by
 * a fenced code block. PATH is relative to the repository root; TAG names a region of that file
 * between two lines {@code // #TAG}. The fenced block must equal the region, with the region's
 * common indentation removed and other tag lines left out.
 */
class GuideSnippetsTest {

  private static final Pattern MARKER =
      Pattern.compile("<!-- snippet: (\\S+?)#([\\w-]+) -->\\n```(\\w*)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern TAG_LINE = Pattern.compile("^\\s*// #([\\w-]+)\\s*$");
  private static final Path DOCS_SOURCES =
      GuideText.ROOT.resolve("runtime/src/test/java/org/wskactors/runtime/docs");

  record Snippet(String file, String tag, String language, String code) {}

  @Test
  void everyGuideSnippetEqualsItsSourceRegion() {
    List<Snippet> snippets = snippets(GuideText.guide());
    // one per category, the first example, and the shutdown task
    assertTrue(snippets.size() >= 7, "guide snippets found: " + snippets.size());
    for (Snippet s : snippets) assertMatches("docs/guide.md", s);
  }

  @Test
  void everyReadmeSnippetEqualsItsSourceRegion() {
    for (Snippet s : snippets(GuideText.read(GuideText.README))) assertMatches("README.md", s);
  }

  @Test
  void everyTaggedRegionOfTheExamplesIsShown() throws IOException {
    Set<String> shown = new LinkedHashSet<>();
    for (Snippet s : snippets(GuideText.guide())) shown.add(s.file() + "#" + s.tag());
    for (Snippet s : snippets(GuideText.read(GuideText.README)))
      shown.add(s.file() + "#" + s.tag());
    Set<String> tagged = new LinkedHashSet<>();
    try (Stream<Path> files = Files.list(DOCS_SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith("Example.java")).toList()) {
        String rel = GuideText.ROOT.relativize(f).toString().replace('\\', '/');
        for (String tag : regions(Files.readString(f)).keySet()) tagged.add(rel + "#" + tag);
      }
    }
    assertFalse(tagged.isEmpty(), "no tagged regions found under " + DOCS_SOURCES);
    tagged.removeAll(shown);
    assertEquals(Set.of(), tagged, "tagged regions shown neither in the guide nor in the README");
  }

  @Test
  void everyHoconBlockOfTheGuideParses() {
    Matcher m = Pattern.compile("```hocon\\n(.*?)```", Pattern.DOTALL).matcher(GuideText.guide());
    int blocks = 0;
    while (m.find()) {
      blocks++;
      try {
        ConfigFactory.parseString(m.group(1));
      } catch (ConfigException e) {
        fail("HOCON block " + blocks + " of the guide does not parse: " + e.getMessage());
      }
    }
    assertTrue(blocks >= 2, "HOCON blocks found: " + blocks);
  }

  @Test
  void theMavenCoordinatesAreThoseOfThePoms() {
    String guide = GuideText.guide();
    String parentPom = GuideText.read(GuideText.ROOT.resolve("pom.xml"));
    String version =
        first(
            parentPom, "<artifactId>wsk-actors-parent</artifactId>\\s*<version>([^<]+)</version>");
    String groupId =
        first(
            parentPom, "<groupId>([^<]+)</groupId>\\s*<artifactId>wsk-actors-parent</artifactId>");
    String runtimeId =
        first(
            GuideText.read(GuideText.ROOT.resolve("runtime/pom.xml")),
            "</parent>\\s*<artifactId>([^<]+)</artifactId>");
    String protocolsId =
        first(
            GuideText.read(GuideText.ROOT.resolve("protocols/pom.xml")),
            "</parent>\\s*<artifactId>([^<]+)</artifactId>");
    String dependency =
        "<dependency>\n  <groupId>"
            + groupId
            + "</groupId>\n  <artifactId>"
            + runtimeId
            + "</artifactId>\n  <version>"
            + version
            + "</version>\n</dependency>";
    assertTrue(guide.contains(dependency), "the guide should show\n" + dependency);
    assertTrue(guide.contains("`" + groupId + ":" + protocolsId + "`"), "protocols artifact");
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "not found: " + regex);
    return m.group(1);
  }

  private static void assertMatches(String where, Snippet s) {
    Path source = GuideText.ROOT.resolve(s.file());
    assertTrue(Files.isRegularFile(source), where + ": no file " + s.file());
    String region = regions(GuideText.read(source)).get(s.tag());
    if (region == null) fail(where + ": no region #" + s.tag() + " in " + s.file());
    assertEquals(
        region, s.code(), where + ": snippet " + s.file() + "#" + s.tag() + " is out of date");
  }

  static List<Snippet> snippets(String markdown) {
    List<Snippet> out = new ArrayList<>();
    Matcher m = MARKER.matcher(markdown);
    while (m.find()) out.add(new Snippet(m.group(1), m.group(2), m.group(3), m.group(4)));
    int markers = markdown.split("<!-- snippet:", -1).length - 1;
    assertEquals(markers, out.size(), "every snippet marker must be followed by a code block");
    return out;
  }

  /** The tagged regions of a source file, dedented, tag lines removed, each ending in \n. */
  static Map<String, String> regions(String source) {
    Map<String, List<String>> open = new LinkedHashMap<>();
    Map<String, String> done = new LinkedHashMap<>();
    for (String line : source.split("\n", -1)) {
      Matcher t = TAG_LINE.matcher(line);
      if (t.matches()) {
        String tag = t.group(1);
        if (open.containsKey(tag)) done.put(tag, dedent(open.remove(tag)));
        else open.put(tag, new ArrayList<>());
        continue;
      }
      for (List<String> lines : open.values()) lines.add(line);
    }
    assertEquals(Set.of(), open.keySet(), "unclosed tags");
    return done;
  }

  private static String dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (l.isBlank()) continue;
      int i = 0;
      while (i < l.length() && l.charAt(i) == ' ') i++;
      indent = Math.min(indent, i);
    }
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(l.isBlank() ? "" : l.substring(indent == Integer.MAX_VALUE ? 0 : indent))
          .append('\n');
    }
    return b.toString();
  }
}
