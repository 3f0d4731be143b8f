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
 * elderly residents, opted-out and confidential cases; only inside the calling window ({@code HH:MM-HH:MM},
 * the agents' hours' semantics: equal ends mean always, a window may pass midnight), and by default on
 * working days.
 */
final class SurveyPolicy {
  static final String HOURS = "ZHAOWO_SURVEY_HOURS";                 // calling window, local time
  static final String WORKDAYS_ONLY = "ZHAOWO_SURVEY_WORKDAYS_ONLY";
  static final String PHONE_DELAY = "ZHAOWO_SURVEY_PHONE_DELAY_MINUTES";
  static final String RETRY = "ZHAOWO_SURVEY_RETRY_MINUTES";         // between phone attempts
  static final String SMS_WAIT = "ZHAOWO_SURVEY_SMS_WAIT_HOURS";      // for a texted answer before a reminder
  static final String MAX_ATTEMPTS = "ZHAOWO_SURVEY_MAX_ATTEMPTS";

  static final String BUSY_RETRY = "ZHAOWO_SURVEY_BUSY_RETRY_MINUTES";      // after a busy line
  static final String FAILED_RETRY = "ZHAOWO_SURVEY_FAILED_RETRY_MINUTES";  // after congestion or a failed call

  private final LocalTime opens;
  private final LocalTime closes;
  private final boolean workdaysOnly;
  private final Duration phoneDelay;
  private final Duration retry;
  private final Duration busyRetry;
  private final Duration failedRetry;
  private final Duration smsWait;
  private final int maxAttempts;
  private final Supplier<WorkCalendar> calendar;

  SurveyPolicy(Config config, Supplier<WorkCalendar> calendar) {
    String window = config.get(HOURS, "09:00-20:00");
    String[] hours = window.split("-");
    if (hours.length != 2) {
      throw new IllegalArgumentException(HOURS + " must be HH:MM-HH:MM, got '" + window + "'");
    }
    this.opens = LocalTime.parse(hours[0].strip());
    this.closes = LocalTime.parse(hours[1].strip());
    this.workdaysOnly = config.getBoolean(WORKDAYS_ONLY, true);
    this.phoneDelay = Duration.ofMinutes(config.getInt(PHONE_DELAY, 60));
    this.retry = Duration.ofMinutes(config.getInt(RETRY, 120));
    this.busyRetry = Duration.ofMinutes(config.getInt(BUSY_RETRY, 15));
    this.failedRetry = Duration.ofMinutes(config.getInt(FAILED_RETRY, 30));
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

  /**
   * When a phone survey is asked again after a call placed at {@code placed} ended so: a busy line soon,
   * congestion or a failure of ours a little later, no answer (or an answer without a survey answer)
   * after the usual wait; always inside the window.
   */
  Instant retryAfter(SurveyCallOutcome outcome, Instant placed) {
    Duration wait = switch (outcome) {
      case BUSY -> busyRetry;
      case CONGESTION, FAILED -> failedRetry;
      case NO_ANSWER, ANSWERED -> retry;
    };
    return withinWindow(placed.plus(wait));
  }

  int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Whether a call may be placed at {@code at}: inside the window {@code opens-closes} of a (working) day;
   * equal ends mean the whole day, and a window that passes midnight belongs to the day it opens.
   */
  boolean inWindow(Instant at) {
    WorkCalendar days = calendar.get();
    ZonedDateTime local = at.atZone(days.zone());
    LocalDate day = local.toLocalDate();
    LocalTime time = local.toLocalTime();
    if (opens.equals(closes)) {
      return eligible(days, day);
    }
    if (opens.isBefore(closes)) {
      return eligible(days, day) && !time.isBefore(opens) && time.isBefore(closes);
    }
    return !time.isBefore(opens) ? eligible(days, day) : time.isBefore(closes) && eligible(days, day.minusDays(1));
  }

  /** The earliest moment at or after {@code at} inside the calling window: {@code at}, or the next window's start. */
  Instant withinWindow(Instant at) {
    if (inWindow(at)) {
      return at;
    }
    WorkCalendar days = calendar.get();
    LocalTime start = opens.equals(closes) ? LocalTime.MIDNIGHT : opens;
    LocalDate day = at.atZone(days.zone()).toLocalDate();
    for (int i = 0; i <= 366; i++, day = day.plusDays(1)) {
      Instant opening = day.atTime(start).atZone(days.zone()).toInstant();
      if (opening.isAfter(at) && eligible(days, day)) {
        return opening;
      }
    }
    throw new IllegalStateException("no calling day within a year: check the working-day calendar");
  }

  private boolean eligible(WorkCalendar days, LocalDate day) {
    return !workdaysOnly || days.isWorkingDay(day);
  }
}
