package org.zhaowo.ivr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Phones;

/**
 * Spool entries set aside so that they do not hold back the others: each moves to
 * {@code quarantine/} with a {@code .reason} line ({@code <instant> <what failed>}), is counted in
 * {@code zhaowo.ivr.spool.quarantined} and logged once, and becomes a row of
 * {@code ivr_spool_quarantine} as soon as the database answers, for an agent to pick up. Used from
 * the drainer's context only, so it needs no locking.
 */
final class Quarantine {
  private static final Logger log = LoggerFactory.getLogger(Quarantine.class);
  /** Digit runs this long are phone numbers (mobiles have 11, landlines 10 to 12); ticket numbers have 8. */
  private static final Pattern PHONE_LIKE = Pattern.compile("\\d{10,}");
  /** A garbage file may be large; the file keeps all of it. */
  private static final int MAX_RAW = 100_000;

  /** One entry set aside, as its row records it. */
  record Entry(String name, String kind, String caller, String uniqueId, String reason, Instant at,
      JsonObject payload, String raw) {}

  private final IvrServices services;
  private final MeterRegistry meters;
  private final Set<String> recorded = new HashSet<>();
  private final Set<String> unrecordable = new HashSet<>();

  Quarantine(IvrServices services, MeterRegistry meters) {
    this.services = services;
    this.meters = meters;
    Spool.KINDS.forEach(kind -> counter(kind)); // shown at 0 before the first one
  }

  /** Moves an entry aside with why; a full phone number in {@code reason} is masked. */
  void setAside(Path entry, String reason) throws IOException {
    String kind = known(Spool.kind(entry));
    String why = mask(reason);
    services.spool().quarantine(entry, services.clock().instant() + " " + why);
    counter(kind).increment();
    log.error("Spooled {} {} set aside in quarantine/, an agent must see to it: {}", kind, entry.getFileName(), why);
  }

  /** Writes the rows still missing; an outage is thrown on, and the rest wait for a later round. */
  void recordRows() {
    for (Path file : services.spool().quarantined()) {
      String name = file.getFileName().toString();
      if (recorded.contains(name)) {
        continue;
      }
      try {
        services.await(services.records().insertQuarantined(entry(file)));
        recorded.add(name);
      } catch (RuntimeException | IOException e) {
        if (e instanceof RuntimeException away && Outage.is(away)) {
          throw away;
        }
        if (unrecordable.add(name)) { // tried again each round, said once
          log.error("Could not record quarantined {} for agents (the file is kept): {}", name, describe(e));
        }
      }
    }
  }

  private Entry entry(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8); // malformed bytes become U+FFFD
    JsonObject payload = parsed(text);
    Path reasonFile = Spool.reasonOf(file);
    String line = Files.exists(reasonFile) ? Files.readString(reasonFile).strip() : "no reason recorded";
    Instant at = services.clock().instant(); // a line without its time: a file moved here by hand, say from refused/
    String reason = line;
    int space = line.indexOf(' ');
    if (space > 0) {
      try {
        at = Instant.parse(line.substring(0, space));
        reason = line.substring(space + 1);
      } catch (DateTimeParseException notStamped) {
        // the whole line is the reason
      }
    }
    return new Entry(file.getFileName().toString(), known(Spool.kind(file)), text(payload, "phone", "caller"),
        text(payload, "uniqueId"), reason, at, payload, payload == null ? raw(text) : null);
  }

  /** The entry as JSON, or null for text PostgreSQL's jsonb would refuse (not a JSON object, or an escaped NUL in it). */
  private static JsonObject parsed(String text) {
    try {
      JsonObject payload = new JsonObject(text);
      return payload.encode().contains("\\u0000") ? null : payload;
    } catch (DecodeException notAnObject) {
      return null;
    }
  }

  private static String raw(String text) {
    String kept = text.length() > MAX_RAW ? text.substring(0, MAX_RAW) + "… (cut; the file has it all)" : text;
    return kept.replace('\u0000', '\uFFFD'); // PostgreSQL text cannot hold NUL, which a torn write leaves
  }

  /** The first of these fields that is a string, in an entry that need not be well-formed. */
  private static String text(JsonObject payload, String... fields) {
    for (String field : payload == null ? new String[0] : fields) {
      if (payload.getValue(field) instanceof String s) {
        return s;
      }
    }
    return null;
  }

  /** What failed, on one line for a reason or a log: the type, the message, where in our code; numbers masked. */
  static String describe(Throwable e) {
    StringBuilder s = new StringBuilder(e.getClass().getName()).append(": ").append(e.getMessage());
    Arrays.stream(e.getStackTrace()).filter(f -> f.getClassName().startsWith("org.zhaowo.")).findFirst()
        .ifPresent(frame -> s.append(" at ").append(frame));
    Throwable cause = e.getCause();
    if (cause != null && cause != e && !String.valueOf(e.getMessage()).contains(String.valueOf(cause.getMessage()))) {
      s.append("; caused by ").append(cause.getClass().getName()).append(": ").append(cause.getMessage());
    }
    return mask(s.toString());
  }

  /** {@code text} on one line, with every phone-like number masked. */
  static String mask(String text) {
    return PHONE_LIKE.matcher(text.replaceAll("\\s*\\R\\s*", " "))
        .replaceAll(m -> Matcher.quoteReplacement(Phones.mask(m.group())));
  }

  private static String known(String kind) {
    return Spool.KINDS.contains(kind) ? kind : "unknown";
  }

  private Counter counter(String kind) {
    return Counter.builder("zhaowo.ivr.spool.quarantined").tag("kind", kind)
        .description("Spool entries set aside for an agent instead of replayed").register(meters);
  }
}
