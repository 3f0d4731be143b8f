package org.zhaowo.ticketing;

/** A refused request, with the kind that decides how each boundary reports it. */
public final class TicketingException extends RuntimeException {
  /** What went wrong, independent of the boundary: HTTP maps it to a status, the IVR to a prompt. */
  public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN, UNAUTHORIZED }

  private final Kind kind;

  public TicketingException(Kind kind, String detail) {
    super(detail, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static TicketingException invalid(String detail) {
    return new TicketingException(Kind.INVALID, detail);
  }

  public static TicketingException notFound(String detail) {
    return new TicketingException(Kind.NOT_FOUND, detail);
  }

  public static TicketingException conflict(String detail) {
    return new TicketingException(Kind.CONFLICT, detail);
  }

  public static TicketingException forbidden(String detail) {
    return new TicketingException(Kind.FORBIDDEN, detail);
  }
}
