package org.zhaowo.sms;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.function.Supplier;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.WorkCalendar;

/**
 * When and how a callback survey is asked: by SMS for mobile residents, by phone for landlines,
 * elderly residents, opted-out and confidential cases; never at night, and by default on working days.
 */
final class SurveyPolicy {
  static final String HOURS = "ZHAOWO_SURVEY_HOURS";                 // calling window, local time
  static final String WORKDAYS_ONLY = "ZHAOWO_SURVEY_WORKDAYS_ONLY";
  static final String PHONE_DELAY = "ZHAOWO_SURVEY_PHONE_DELAY_MINUTES";
  static final String RETRY = "ZHAOWO_SURVEY_RETRY_MINUTES";         // between phone attempts
  static final String SMS_WAIT = "ZHAOWO_SURVEY_SMS_WAIT_HOURS";      // for a texted answer before a reminder
  static final String MAX_ATTEMPTS = "ZHAOWO_SURVEY_MAX_ATTEMPTS";

  private final LocalTime opens;
  private final LocalTime closes;
  private final boolean workdaysOnly;
  private final Duration phoneDelay;
  private final Duration retry;
  private final Duration smsWait;
  private final int maxAttempts;
  private final Supplier<WorkCalendar> calendar;

  SurveyPolicy(Config config, Supplier<WorkCalendar> calendar) {
    String[] hours = config.get(HOURS, "09:00-20:00").split("-");
    this.opens = LocalTime.parse(hours[0].strip());
    this.closes = LocalTime.parse(hours[1].strip());
    this.workdaysOnly = config.getBoolean(WORKDAYS_ONLY, true);
    this.phoneDelay = Duration.ofMinutes(config.getInt(PHONE_DELAY, 60));
    this.retry = Duration.ofMinutes(config.getInt(RETRY, 120));
    this.smsWait = Duration.ofHours(config.getInt(SMS_WAIT, 24));
    this.maxAttempts = config.getInt(MAX_ATTEMPTS, 3);
    this.calendar = calendar;
  }

  /** "sms" or "phone" for this caller and ticket. */
  static String channel(Ticket ticket, Recipient recipient) {
    boolean byPhone = ticket.confidential() || !Phones.isMobile(ticket.callerPhone())
        || recipient.landline() || recipient.elderly() || recipient.optedOut();
    return byPhone ? "phone" : "sms";
  }

  /** When the next ask is due after one made (or, for a phone survey, the resolution) at {@code now}. */
  Instant next(String channel, Instant now, boolean first) {
    Duration wait = "sms".equals(channel) ? smsWait : first ? phoneDelay : retry;
    return withinWindow(now.plus(wait));
  }

  int maxAttempts() {
    return maxAttempts;
  }

  /** The earliest moment at or after {@code at} inside the calling window. */
  Instant withinWindow(Instant at) {
    WorkCalendar days = calendar.get();
    ZonedDateTime local = at.atZone(days.zone());
    LocalDate day = local.toLocalDate();
    LocalTime time = local.toLocalTime();
    if (eligible(days, day) && !time.isBefore(opens) && time.isBefore(closes)) {
      return at;
    }
    if (!eligible(days, day) || !time.isBefore(closes)) {
      day = day.plusDays(1);
      while (!eligible(days, day)) {
        day = day.plusDays(1);
      }
    }
    return day.atTime(opens).atZone(days.zone()).toInstant();
  }

  private boolean eligible(WorkCalendar days, LocalDate day) {
    return !workdaysOnly || days.isWorkingDay(day);
  }
}
