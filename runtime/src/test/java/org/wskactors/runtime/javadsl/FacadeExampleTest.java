package org.wskactors.runtime.javadsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wskactors.protocol.WskStatus;
import org.wskactors.runtime.javadsl.docs.FacadeExample;

/** Runs the example of docs/java-facade.md and checks the document shows exactly its source. */
@ExtendWith(LogCapturingExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FacadeExampleTest {
  static final ActorTestKit testKit = ActorTestKit.create("FacadeExampleTest");
  static final String MARKER = "// #facade-example";
  static final String DOC_MARKER = "<!-- #facade-example -->";

  @AfterAll
  static void down() {
    testKit.shutdownTestKit();
  }

  @Test
  void theExampleEchoesAndSeesTheRefusal() {
    FacadeExample.Outcome o = FacadeExample.run(testKit.system());
    assertEquals("hello", o.echoed());
    assertTrue(o.endOfStream(), "the server's FIN after the echo");
    assertEquals(WskStatus.STATUS_CONNECTION_REFUSED, o.reconnect());
  }

  @Test
  void theDocumentShowsTheExampleSource() throws IOException {
    Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    Path source =
        module.resolve("src/test/java/org/wskactors/runtime/javadsl/docs/FacadeExample.java");
    Path doc = module.resolve("../docs/java-facade.md").normalize();
    assertEquals(region(source), docBlock(doc), "docs/java-facade.md must show FacadeExample.java");
  }

  /** The lines between the two {@code // #facade-example} markers. */
  static String region(Path source) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    int start = lines.indexOf(MARKER);
    int end = lines.lastIndexOf(MARKER);
    assertTrue(start >= 0 && end > start, "two markers in " + source);
    return String.join("\n", lines.subList(start + 1, end));
  }

  /** The fenced java block that follows the marker comment in the document. */
  static String docBlock(Path doc) throws IOException {
    List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
    int marker = lines.indexOf(DOC_MARKER);
    assertTrue(marker >= 0, "marker in " + doc);
    assertEquals("```java", lines.get(marker + 1), "a java block follows the marker");
    int end = lines.subList(marker + 2, lines.size()).indexOf("```");
    assertTrue(end >= 0, "the block is closed");
    return String.join("\n", lines.subList(marker + 2, marker + 2 + end));
  }
}
