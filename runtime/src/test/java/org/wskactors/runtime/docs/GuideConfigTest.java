package org.wskactors.runtime.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.wskactors.runtime.Wsk;

/**
 * The guide's configuration table against the runtime's reference.conf: every leaf key of {@code
 * wsk-actors} has one row with the same default, and the table has no other key.
 */
class GuideConfigTest {

  /** A table row: | `wsk-actors.key` | `default` | unit | range | meaning |. */
  private static final Pattern ROW =
      Pattern.compile("^\\| `(wsk-actors\\.[\\w.-]+)` \\| `([^`]+)` \\|", Pattern.MULTILINE);

  @Test
  void theTableListsEveryKeyOfReferenceConfWithItsDefault() {
    Config reference =
        ConfigFactory.parseResources(Wsk.class.getClassLoader(), "reference.conf")
            .getConfig("wsk-actors")
            .atKey("wsk-actors");
    Map<String, String> table = table();
    TreeSet<String> keys = new TreeSet<>();
    reference.entrySet().forEach(e -> keys.add(e.getKey()));
    assertFalse(keys.isEmpty(), "no wsk-actors keys in reference.conf");
    assertEquals(keys, new TreeSet<>(table.keySet()), "keys of the table vs reference.conf");
    for (String key : keys) {
      assertTrue(
          sameValue(reference, key, table.get(key)),
          key
              + ": the guide says "
              + table.get(key)
              + ", reference.conf "
              + reference.getValue(key).render());
    }
  }

  private static Map<String, String> table() {
    Map<String, String> rows = new TreeMap<>();
    Matcher m = ROW.matcher(GuideText.guide());
    while (m.find()) {
      String previous = rows.put(m.group(1), m.group(2));
      assertEquals(null, previous, "two rows for " + m.group(1));
    }
    return rows;
  }

  /** The same value: equal numbers, sizes, durations or strings, however they are written. */
  private static boolean sameValue(Config reference, String key, String documented) {
    Config doc = ConfigFactory.parseString("v = " + documented);
    if (reference.getValue(key).valueType() == ConfigValueType.NUMBER) {
      return doc.getValue("v").valueType() == ConfigValueType.NUMBER
          && reference.getNumber(key).doubleValue() == doc.getNumber("v").doubleValue();
    }
    String ref = reference.getString(key);
    if (ref.equals(doc.getString("v"))) return true;
    try {
      return reference.getBytes(key).equals(doc.getBytes("v"));
    } catch (ConfigException.BadValue notASize) {
      // not a size: try a duration
    }
    try {
      return reference.getDuration(key).equals(doc.getDuration("v"));
    } catch (ConfigException.BadValue notADuration) {
      return false;
    }
  }
}
