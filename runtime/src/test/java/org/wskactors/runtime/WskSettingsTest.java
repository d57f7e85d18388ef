package org.wskactors.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WskSettingsTest {
  private static Config with(String overrides) {
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load());
  }

  @Test
  void defaultsComeFromReferenceConf() {
    WskSettings s = WskSettings.create(ConfigFactory.load());
    assertEquals(256 * 1024, s.receiveWindow());
    assertEquals(4L << 20, s.sendQueueLimit());
    assertEquals(Duration.ofSeconds(5), s.acceptDecisionTimeout());
    assertEquals("wsk-actors.loop-dispatcher", s.socketDispatcher());
    assertEquals(256 * 1024, s.datagramReceiveWindow());
    assertEquals(1L << 20, s.datagramSendQueueLimit());
    assertEquals(Duration.ofSeconds(2), s.addressPollInterval());
    assertEquals(Duration.ofSeconds(10), s.resolverTimeout());
    assertEquals(Duration.ofSeconds(10), s.javadslTimeout());
    assertEquals(Duration.ofSeconds(2), s.javadslReplyGrace());
    assertTrue(s.listenBacklog() > 0 && s.acceptBatch() > 0 && s.maxWriteSize() > 0);
  }

  @Test
  void overridesAreRead() {
    WskSettings s = WskSettings.create(with("wsk-actors.connection.receive-window = 64 KiB"));
    assertEquals(64 * 1024, s.receiveWindow());
  }

  @Test
  void readSelectorsZeroIsHalfTheProcessorsAtLeastOne() {
    int half = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    assertEquals(half, WskSettings.create(ConfigFactory.load()).readSelectors(), "default 0");
    assertEquals(
        3, WskSettings.create(with("wsk-actors.connection.read-selectors = 3")).readSelectors());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WskSettings.create(with("wsk-actors.connection.read-selectors = -1")));
    assertTrue(e.getMessage().contains("read-selectors"), e.getMessage());
  }

  @Test
  void valuesOutOfRangeAreRefusedWithTheirKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WskSettings.create(with("wsk-actors.connection.receive-window = 10")));
    assertTrue(e.getMessage().contains("receive-window"));
    assertThrows(
        IllegalArgumentException.class,
        () -> WskSettings.create(with("wsk-actors.listen.accept-decision-timeout = 0s")));
    assertThrows(
        IllegalArgumentException.class,
        () -> WskSettings.create(with("wsk-actors.listen.backlog = 0")));
    assertThrows(
        IllegalArgumentException.class,
        () -> WskSettings.create(with("wsk-actors.javadsl.timeout = 0s")));
  }
}
