package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PhonesTest {

  @Test
  void mobilesAndLandlinesInTheirUsualForms() {
    assertEquals(Optional.of("13800138000"), Phones.normalize("138 0013 8000"));
    assertEquals(Optional.of("13800138000"), Phones.normalize("+8613800138000"));
    assertEquals(Optional.of("04125551234"), Phones.normalize("0412-5551234"));
    assertEquals(Optional.of("04125551234"), Phones.normalize("+864125551234"));
    assertEquals(Optional.of("01012345678"), Phones.normalize("010 1234 5678"));
  }

  @Test
  void notPhoneNumbers() {
    assertTrue(Phones.normalize("12345").isEmpty());
    assertTrue(Phones.normalize("23800138000").isEmpty());
    assertTrue(Phones.normalize("unknown").isEmpty());
    assertTrue(Phones.normalize(null).isEmpty());
    assertTrue(Phones.normalize("1380013800a").isEmpty());
  }

  @Test
  void e164AndMasking() {
    assertEquals("+8613800138000", Phones.e164("13800138000"));
    assertEquals("+864125551234", Phones.e164("04125551234"));
    assertEquals("138****8000", Phones.mask("13800138000"));
    assertTrue(Phones.isMobile("13800138000"));
    assertFalse(Phones.isMobile("04125551234"));
  }
}
