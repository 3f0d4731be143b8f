package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Numbers and dates as prompt files, checked by the text the caller hears. */
class SpokenTest {
  /** What a list of number words says in a language, e.g. "一百零五" or "one hundred and five". */
  private static String heard(String language, List<Prompt> words) {
    return words.stream().map(p -> p.text(language)).collect(Collectors.joining(language.equals("en") ? " " : ""));
  }

  @Test
  void mandarinReadsNumbersDigitByDigitWithYaoForOne() {
    assertEquals("幺零零零零零四八", heard("zh", Spoken.digits("zh", "10000048")));
    assertEquals("八零零零", heard("zh", Spoken.digits("zh", "8000")));
    assertEquals(List.of("num/digit-1", "num/digit-3"), Spoken.digits("zh", "13").stream().map(Prompt::key).toList());
  }

  @Test
  void englishReadsDigitsOneByOne() {
    assertEquals("one zero zero four eight", heard("en", Spoken.digits("en", "10048")));
  }

  @Test
  void mandarinCounts() {
    assertEquals("零", heard("zh", Spoken.number("zh", 0)));
    assertEquals("一", heard("zh", Spoken.number("zh", 1)));
    assertEquals("十", heard("zh", Spoken.number("zh", 10)));
    assertEquals("十二", heard("zh", Spoken.number("zh", 12)));
    assertEquals("二十", heard("zh", Spoken.number("zh", 20)));
    assertEquals("二十三", heard("zh", Spoken.number("zh", 23)));
    assertEquals("一百零五", heard("zh", Spoken.number("zh", 105)));
    assertEquals("一百一十", heard("zh", Spoken.number("zh", 110)));
    assertEquals("一千零一十", heard("zh", Spoken.number("zh", 1010)));
    assertEquals("一千零五", heard("zh", Spoken.number("zh", 1005)));
    assertEquals("一万零五", heard("zh", Spoken.number("zh", 10_005)));
    assertEquals("十万", heard("zh", Spoken.number("zh", 100_000)));
    assertEquals("十二万三千四百五十六", heard("zh", Spoken.number("zh", 123_456)));
    assertEquals("一亿零一万", heard("zh", Spoken.number("zh", 100_010_000)));
    assertEquals("一亿零五十万", heard("zh", Spoken.number("zh", 100_500_000)));
  }

  @Test
  void aMandarinCountOfTwoIsLiang() {
    assertEquals("两", heard("zh", Spoken.count("zh", 2)));
    assertEquals("十二", heard("zh", Spoken.count("zh", 12)));
    assertEquals("two", heard("en", Spoken.count("en", 2)));
  }

  @Test
  void englishCounts() {
    assertEquals("zero", heard("en", Spoken.number("en", 0)));
    assertEquals("twelve", heard("en", Spoken.number("en", 12)));
    assertEquals("twenty", heard("en", Spoken.number("en", 20)));
    assertEquals("forty two", heard("en", Spoken.number("en", 42)));
    assertEquals("one hundred and five", heard("en", Spoken.number("en", 105)));
    assertEquals("one thousand and five", heard("en", Spoken.number("en", 1005)));
    assertEquals("one thousand two hundred and thirty four", heard("en", Spoken.number("en", 1234)));
    assertEquals("two million three thousand", heard("en", Spoken.number("en", 2_003_000)));
  }

  @Test
  void datesAreMonthAndDay() {
    assertEquals("十二月三日", heard("zh", Spoken.date("zh", LocalDate.of(2026, 12, 3))));
    assertEquals("二月二十日", heard("zh", Spoken.date("zh", LocalDate.of(2027, 2, 20))), "二月, never 两月");
    assertEquals("十一月十一日", heard("zh", Spoken.date("zh", LocalDate.of(2026, 11, 11))));
    assertEquals("December third", heard("en", Spoken.date("en", LocalDate.of(2026, 12, 3))));
    assertEquals("February twenty-first", heard("en", Spoken.date("en", LocalDate.of(2027, 2, 21))));
  }

  @Test
  void everyWordSaidInALanguageHasThatLanguagesText() {
    for (String language : Prompt.LANGUAGES) {
      for (long n : new long[] {0, 2, 7, 15, 99, 100, 101, 999, 1000, 10_001, 99_999_999, 123_456_789_012L}) {
        assertTrue(Spoken.count(language, n).stream().allMatch(p -> p.text(language) != null), language + " " + n);
      }
      for (int month = 1; month <= 12; month++) {
        LocalDate last = LocalDate.of(2028, month, 1).withDayOfMonth(LocalDate.of(2028, month, 1).lengthOfMonth());
        assertTrue(Spoken.date(language, last).stream().allMatch(p -> p.text(language) != null), language + " " + last);
      }
    }
  }
}
