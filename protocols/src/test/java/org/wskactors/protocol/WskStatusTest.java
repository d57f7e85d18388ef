package org.wskactors.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WskStatusTest {
  @Test
  void valuesAreTheNtstatusValues() {
    assertEquals(0xC0000120, WskStatus.STATUS_CANCELLED.value());
    assertEquals(0xC0000236, WskStatus.STATUS_CONNECTION_REFUSED.value());
    assertEquals(0xC000020A, WskStatus.STATUS_ADDRESS_ALREADY_EXISTS.value());
    assertEquals(0xC0000184, WskStatus.STATUS_INVALID_DEVICE_STATE.value());
    assertEquals("STATUS_IO_TIMEOUT (0xC00000B5)", WskStatus.STATUS_IO_TIMEOUT.toString());
  }

  @Test
  void successFollowsNtSuccess() {
    assertTrue(WskStatus.STATUS_SUCCESS.isSuccess());
    assertTrue(WskStatus.STATUS_PENDING.isSuccess());
    assertFalse(WskStatus.STATUS_BUFFER_OVERFLOW.isSuccess());
    assertFalse(WskStatus.STATUS_CONNECTION_RESET.isSuccess());
  }

  @Test
  void valuesAreUnique() {
    Set<Integer> seen = new HashSet<>();
    for (WskStatus s : WskStatus.values()) assertTrue(seen.add(s.value()), s.name());
  }

  @Test
  void eventControlEnablesManyDisablesOne() {
    EventCallbackControl on = EventCallbackControl.enable(WskEvent.RECEIVE, WskEvent.DISCONNECT);
    assertEquals(EnumSet.of(WskEvent.RECEIVE, WskEvent.DISCONNECT), on.events());
    assertFalse(on.disable());
    assertTrue(EventCallbackControl.disable(WskEvent.RECEIVE).disable());
    assertEquals(0x40, WskEvent.RECEIVE.mask());
    assertThrows(UnsupportedOperationException.class, () -> on.events().add(WskEvent.ACCEPT));
  }
}
