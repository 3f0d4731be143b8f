package org.zhaowo.sms;

import org.zhaowo.ticketing.Resident;

/**
 * Who a text would go to: their resident record (null for a caller who is not a resident) and
 * whether they texted STOP (kept in sms_opt_outs, for residents and everyone else alike).
 */
record Recipient(String phone, Resident resident, boolean textedStop) {
  boolean optedOut() {
    return textedStop || resident != null && resident.smsOptOut();
  }

  boolean landline() {
    return resident != null && resident.landline();
  }

  boolean elderly() {
    return resident != null && resident.elderly();
  }

  String language() {
    return resident == null ? "zh-CN" : resident.language();
  }
}
