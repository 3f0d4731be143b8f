package org.zhaowo.ticketing;

import java.util.Map;

/** A registration request checked before anything is written (受理登记). */
record Intake(NewTicket request, String phone, Category category, ItemKind itemKind) {

  static Intake validate(NewTicket r, Map<String, Category> categories) {
    if (r.channel() == null) {
      throw TicketingException.invalid("channel is required: phone_ivr, agent, sms or web");
    }
    String phone = callbackNumber(r);
    if (r.category() == null) {
      throw TicketingException.invalid("category is required; GET /api/categories lists the codes");
    }
    Category category = categories.get(r.category());
    if (category == null) {
      throw TicketingException.invalid("unknown category '" + r.category() + "'; GET /api/categories lists the codes");
    }
    boolean noDescription = r.description() == null || r.description().isBlank();
    if (noDescription && r.recording() == null) {
      throw TicketingException.invalid("description is required");
    }
    if (r.description() != null && r.description().length() > NewTicket.MAX_DESCRIPTION) {
      throw TicketingException.invalid("description is " + r.description().length()
          + " characters; at most " + NewTicket.MAX_DESCRIPTION + " are accepted");
    }
    if (r.address() != null && r.address().length() > 500) {
      throw TicketingException.invalid("address is longer than 500 characters");
    }
    checkPlace(r);
    if (r.intakeKey() != null && (r.intakeKey().isBlank() || r.intakeKey().length() > NewTicket.MAX_INTAKE_KEY)) {
      throw TicketingException.invalid("intakeKey must be 1 to " + NewTicket.MAX_INTAKE_KEY + " characters");
    }
    if (r.number() != null && !TicketNumbers.isValid(r.number())) {
      throw TicketingException.invalid("number '" + r.number() + "' is not a ticket number (8 digits, a valid check digit)");
    }
    if (r.resolution() != null && r.resolution().length() > ActionRequest.MAX_NOTE) {
      throw TicketingException.invalid("resolution is longer than " + ActionRequest.MAX_NOTE + " characters");
    }
    ItemKind kind = r.resolution() != null ? ItemKind.IMMEDIATE
        : r.itemKind() != null ? r.itemKind() : category.itemKind();
    return new Intake(r, phone, category, kind);
  }

  /** Coordinates come as a pair, within the globe's. */
  private static void checkPlace(NewTicket r) {
    if ((r.lat() == null) != (r.lon() == null)) {
      throw TicketingException.invalid("lat and long are given together or not at all");
    }
    if (r.lat() != null && !(Math.abs(r.lat()) <= 90 && Math.abs(r.lon()) <= 180)) {
      throw TicketingException.invalid("lat must be within -90 to 90 and long within -180 to 180");
    }
  }

  /**
   * The number to call back. A web report may lack one (its resident follows it online), and so may a
   * phone report cut short from a withheld number: what the caller recorded is still registered, for an
   * agent to check.
   */
  private static String callbackNumber(NewTicket r) {
    if (r.callerPhone() == null || r.callerPhone().isBlank()) {
      if (r.channel() == Channel.WEB || (r.channel() == Channel.PHONE_IVR && r.incompleteIntake())) {
        return null;
      }
      throw TicketingException.invalid("callerPhone is required");
    }
    return Phones.normalize(r.callerPhone()).orElseThrow(() -> TicketingException.invalid(
        "callerPhone '" + r.callerPhone() + "' is not a mainland mobile or landline number"));
  }
}
