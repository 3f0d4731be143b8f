package org.zhaowo.ivr;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Numbers and dates as the IVR says them, from its own prompt files ({@code zhaowo/num/…}) rather than
 * Asterisk's SAY commands: a stock Asterisk has no Mandarin {@code digits/} sounds and falls back to
 * English ones (AGI-NOTES.md). Mandarin reads ticket and phone numbers digit by digit with 幺 for 1, as
 * call centres do, counts as 十二 / 一百零五 / 一万零五 (两 for a count of two: 两件), dates as 十二月三日;
 * English reads digits one by one, counts as "one hundred and five", dates as "December third".
 */
final class Spoken {
  private static final String[] ZH = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  private static final String[] EN = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
      "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
      "nineteen"};
  private static final String[] EN_TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
      "eighty", "ninety"};
  private static final String[] EN_MONTHS = {"January", "February", "March", "April", "May", "June", "July",
      "August", "September", "October", "November", "December"};
  private static final String[] EN_ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
      "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
      "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first", "twenty-second", "twenty-third",
      "twenty-fourth", "twenty-fifth", "twenty-sixth", "twenty-seventh", "twenty-eighth", "twenty-ninth",
      "thirtieth", "thirty-first"};
  /** Beyond this a count is read digit by digit (no IVR count comes near it). */
  private static final long LARGEST = 999_999_999_999L;

  private Spoken() {}

  /** The words of both languages, for the catalog: each with the text of the languages that use it. */
  static List<Prompt> words() {
    List<Prompt> words = new ArrayList<>();
    for (int d = 0; d <= 9; d++) {
      words.add(new Prompt("num/digit-" + d, d == 1 ? "幺" : ZH[d], EN[d]));
    }
    for (int n = 0; n <= 19; n++) {
      words.add(new Prompt("num/" + n, n <= 9 ? ZH[n] : n == 10 ? "十" : null, EN[n]));
    }
    for (int tens = 2; tens <= 9; tens++) {
      words.add(new Prompt("num/" + tens * 10, null, EN_TENS[tens]));
    }
    words.add(new Prompt("num/liang", "两", null));
    words.add(new Prompt("num/100", "百", "hundred"));
    words.add(new Prompt("num/1000", "千", "thousand"));
    words.add(new Prompt("num/10000", "万", null));
    words.add(new Prompt("num/100000000", "亿", null));
    words.add(new Prompt("num/1000000", null, "million"));
    words.add(new Prompt("num/1000000000", null, "billion"));
    words.add(new Prompt("num/and", null, "and"));
    words.add(new Prompt("num/month", "月", null));
    words.add(new Prompt("num/day", "日", null));
    for (int m = 1; m <= 12; m++) {
      words.add(new Prompt("num/month-" + m, null, EN_MONTHS[m - 1]));
    }
    for (int d = 1; d <= 31; d++) {
      words.add(new Prompt("num/day-" + d, null, EN_ORDINALS[d - 1]));
    }
    return words;
  }

  /** A number read digit by digit (ticket and phone numbers); anything but a digit is skipped. */
  static List<Prompt> digits(String language, String digits) {
    return prompts(digits.chars().filter(Character::isDigit).mapToObj(c -> "digit-" + (char) c).toList());
  }

  /** A count, said before a measure word or a noun ("您有两件", "2 requests"). */
  static List<Prompt> count(String language, long n) {
    if (!english(language) && n == 2) {
      return prompts(List.of("liang"));
    }
    return number(language, n);
  }

  /** A number as a number (十二, "twelve"); negative or very large ones are read digit by digit. */
  static List<Prompt> number(String language, long n) {
    if (n < 0 || n > LARGEST) {
      return digits(language, Long.toString(n));
    }
    return prompts(english(language) ? english(n) : mandarin(n));
  }

  /** A day: 十二月三日, "December third". */
  static List<Prompt> date(String language, LocalDate day) {
    if (english(language)) {
      return prompts(List.of("month-" + day.getMonthValue(), "day-" + day.getDayOfMonth()));
    }
    List<Prompt> said = new ArrayList<>(number(language, day.getMonthValue()));
    said.add(Prompt.byKey("num/month"));
    said.addAll(number(language, day.getDayOfMonth()));
    said.add(Prompt.byKey("num/day"));
    return said;
  }

  private static boolean english(String language) {
    return language != null && language.startsWith("en");
  }

  private static List<Prompt> prompts(List<String> words) {
    return words.stream().map(w -> Prompt.byKey("num/" + w)).toList();
  }

  /** Groups of four digits (亿, 万, the rest); a gap of zeros inside is said once as 零. */
  private static List<String> mandarin(long n) {
    if (n == 0) {
      return List.of("0");
    }
    List<String> words = new ArrayList<>();
    long[] groups = {n / 100_000_000, n / 10_000 % 10_000, n % 10_000};
    String[] units = {"100000000", "10000", null};
    boolean gap = false;
    for (int i = 0; i < groups.length; i++) {
      int group = (int) groups[i];
      if (group == 0) {
        gap = !words.isEmpty();
        continue;
      }
      if (!words.isEmpty() && (gap || group < 1000)) {
        words.add("0");
      }
      words.addAll(mandarinGroup(group, words.isEmpty()));
      if (units[i] != null) {
        words.add(units[i]);
      }
      gap = false;
    }
    return words;
  }

  /** 0 < group < 10000: 一千零一十, 十二 at the start (not 一十二), 一百一十. */
  private static List<String> mandarinGroup(int group, boolean leading) {
    List<String> words = new ArrayList<>();
    int[] places = {1000, 100, 10, 1};
    boolean zero = false;
    for (int place : places) {
      int d = group / place % 10;
      if (d == 0) {
        zero = !words.isEmpty();
        continue;
      }
      if (zero) {
        words.add("0");
        zero = false;
      }
      if (!(place == 10 && d == 1 && leading && words.isEmpty())) {
        words.add(Integer.toString(d));
      }
      if (place > 1) {
        words.add(Integer.toString(place));
      }
    }
    return words;
  }

  /** Billions, millions, thousands, then the rest; British "and" before a last part under a hundred. */
  private static List<String> english(long n) {
    if (n == 0) {
      return List.of("0");
    }
    List<String> words = new ArrayList<>();
    long[] groups = {n / 1_000_000_000, n / 1_000_000 % 1000, n / 1000 % 1000, n % 1000};
    String[] scales = {"1000000000", "1000000", "1000", null};
    for (int i = 0; i < groups.length; i++) {
      int group = (int) groups[i];
      if (group == 0) {
        continue;
      }
      if (scales[i] == null && !words.isEmpty() && group < 100) {
        words.add("and");
      }
      words.addAll(englishGroup(group));
      if (scales[i] != null) {
        words.add(scales[i]);
      }
    }
    return words;
  }

  private static List<String> englishGroup(int group) {
    List<String> words = new ArrayList<>();
    int hundreds = group / 100;
    int rest = group % 100;
    if (hundreds > 0) {
      words.add(Integer.toString(hundreds));
      words.add("100");
      if (rest > 0) {
        words.add("and");
      }
    }
    if (rest >= 20) {
      words.add(Integer.toString(rest / 10 * 10));
      if (rest % 10 > 0) {
        words.add(Integer.toString(rest % 10));
      }
    } else if (rest > 0) {
      words.add(Integer.toString(rest));
    }
    return words;
  }
}
