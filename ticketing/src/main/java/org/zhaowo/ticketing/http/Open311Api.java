package org.zhaowo.ticketing.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Category;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.DateBounds;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketNumbers;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.TicketService.PublicQuery;
import org.zhaowo.ticketing.TicketService.PublicReport;
import org.zhaowo.ticketing.TicketingException;

/**
 * Open311 GeoReport v2 under {@code /open311/v2/} ({@link Routes} has its routes): the categories as
 * services, a report from a city app as a ticket, and the tickets' public status, each in JSON or XML
 * as the path's suffix asks. Reading needs no key; a report needs an {@code api_key}. Nothing the
 * resident told (phone, name, e-mail) is ever answered; a confidential ticket shows no description.
 */
final class Open311Api {
  /** The accepted {@code api_key}s, comma-separated; none unless configured (and the demo district's). */
  static final String KEYS = "ZHAOWO_OPEN311_KEYS";
  /** While the demo district is loaded (the default, as the launcher reads it), its key is accepted too. */
  static final String DEMO_KEY = "demo-open311-key";
  private static final Actor OPEN311 = Actor.system("open311");
  private static final int MAX_REQUESTS = 1000;
  private static final int DEFAULT_DAYS = 90;
  private static final Pattern DEGREES = Pattern.compile("[+-]?\\d{1,3}(\\.\\d{1,12})?");

  private final TicketService tickets;
  private final Set<String> keys;
  private final Clock clock;

  Open311Api(TicketService tickets, Config config, Clock clock) {
    this.tickets = tickets;
    this.keys = new HashSet<>(Arrays.stream(config.get(KEYS, "").split(",")).map(String::strip)
        .filter(key -> !key.isEmpty()).toList());
    if (config.getBoolean("ZHAOWO_DEMO", true)) {
      keys.add(DEMO_KEY);
    }
    this.clock = clock;
  }

  void services(RoutingContext ctx) {
    tickets.categories()
        .onSuccess(list -> reply(ctx, 200, "services", "service", list.stream().map(Open311Api::service).toList()))
        .onFailure(ctx::fail);
  }

  private static JsonObject service(Category c) {
    return new JsonObject().put("service_code", c.code()).put("service_name", c.nameZh())
        .put("description", c.nameEn()).put("metadata", false).put("type", "realtime")
        .put("keywords", c.nameZh() + "," + c.nameEn()).put("group", String.valueOf(c.ivrGroup()));
  }

  /** POST requests: a resident's report from a city app, registered as a web ticket. */
  void create(RoutingContext ctx) {
    MultiMap form = ctx.request().params(); // the form's fields, with the query's (some clients put api_key there)
    if (!keys.contains(form.get("api_key"))) {
      throw TicketingException.forbidden("Invalid api_key received -- can't proceed with create_request.");
    }
    tickets.categories()
        .compose(categories -> tickets.create(newTicket(form, categories), OPEN311))
        .onSuccess(ticket -> reply(ctx, 200, "service_requests", "request", List.of(new JsonObject()
            .put("service_request_id", ticket.number())
            .put("service_notice", notice(ticket, form))
            .putNull("account_id"))))
        .onFailure(ctx::fail);
  }

  /** GET requests: the public list, the last 90 days' by default, at most 1000. */
  void list(RoutingContext ctx) {
    answer(ctx, query(ctx.queryParams()), false);
  }

  /** GET requests/{id}: one report, as a list of one. */
  void get(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    String number = file.substring(0, Math.max(file.lastIndexOf('.'), 0));
    if (!file.endsWith(".json") && !file.endsWith(".xml")) {
      throw TicketingException.notFound("no such resource: " + ctx.request().path());
    }
    if (!TicketNumbers.isValid(number)) {
      throw TicketingException.notFound("no service request " + number);
    }
    answer(ctx, new PublicQuery(List.of(number), null, null, null, null, 1), true);
  }

  private void answer(RoutingContext ctx, PublicQuery query, boolean one) {
    tickets.categories().compose(categories -> tickets.publicReports(query).map(reports -> {
      if (one && reports.isEmpty()) {
        throw TicketingException.notFound("no service request " + query.numbers().get(0));
      }
      Map<String, Category> byCode = categories.stream().collect(Collectors.toMap(Category::code, Function.identity()));
      return reports.stream().map(r -> request(r, byCode.get(r.ticket().category()))).toList();
    })).onSuccess(requests -> reply(ctx, 200, "service_requests", "request", requests)).onFailure(ctx::fail);
  }

  /** A report as the spec's fields give it: a location is required, the description is not (the service's name then). */
  private static NewTicket newTicket(MultiMap form, List<Category> categories) {
    String code = form.get("service_code");
    Category category = categories.stream().filter(c -> c.code().equals(code)).findFirst()
        .orElseThrow(() -> TicketingException.invalid(code == null || code.isBlank() ? "service_code is required"
            : "service_code '" + code + "' is not one of services.json's"));
    Double lat = coordinate(form, "lat");
    Double lon = coordinate(form, "long");
    String address = text(form, "address_string");
    if (lat == null && lon == null && address == null) {
      throw TicketingException.invalid("a location is required: lat and long, or address_string");
    }
    String description = text(form, "description") == null ? category.nameZh() : text(form, "description");
    String media = text(form, "media_url");
    if (media != null && !media.startsWith("http://") && !media.startsWith("https://")) {
      throw TicketingException.invalid("media_url must be an http or https URL");
    }
    // an optional phone that is no mainland number cannot be called back: the report stands without it
    String phone = Phones.normalize(form.get("phone")).orElse(null);
    return new NewTicket(phone, Channel.WEB, code, null, media == null ? description : description + "\n照片 (media): " + media,
        null, address, null, false, false, null, lat, lon);
  }

  /** Decimal degrees ("37.76524078"): Java's own parser would also take "NaN", "1e2" or "0x1p3". */
  private static Double coordinate(MultiMap form, String field) {
    String text = text(form, field);
    if (text == null) {
      return null;
    }
    if (!DEGREES.matcher(text).matches()) {
      throw TicketingException.invalid(field + " must be decimal degrees, like 37.76524078");
    }
    return Double.valueOf(text);
  }

  private static String text(MultiMap params, String field) {
    String value = params.get(field);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private String notice(Ticket ticket, MultiMap form) {
    String due = ticket.deadline().atZone(zone()).toLocalDate().toString();
    String notice = "已受理，工单号 " + ticket.number() + "，办理时限 " + due
        + " (registered as ticket " + ticket.number() + ", due by " + due + ")";
    boolean phoneDropped = text(form, "phone") != null && ticket.callerPhone() == null;
    return phoneDropped ? notice + "；所留电话不是大陆号码，不会回电 (the phone given is not a mainland number: no callback)"
        : notice;
  }

  /**
   * The spec's filters: service_request_id (a comma list; then the others are ignored), service_code,
   * start_date and end_date (w3c dates; a span of 90 days by default), status (open, closed or both).
   */
  private PublicQuery query(MultiMap q) {
    String ids = text(q, "service_request_id");
    if (ids != null) {
      List<String> numbers = Arrays.stream(ids.split(",")).map(String::strip).filter(id -> !id.isEmpty()).distinct()
          .limit(MAX_REQUESTS).toList();
      return new PublicQuery(numbers, null, null, null, null, MAX_REQUESTS);
    }
    Instant from = when(q, "start_date", true);
    Instant to = when(q, "end_date", false);
    if (from != null && to != null && to.isBefore(from)) {
      throw TicketingException.invalid("end_date is before start_date");
    }
    Instant start = from != null ? from : (to != null ? to : clock.instant()).minus(DEFAULT_DAYS, ChronoUnit.DAYS);
    return new PublicQuery(null, text(q, "service_code"), start, to, open(text(q, "status")), MAX_REQUESTS);
  }

  /** A w3c date-time with its offset, or a day (its start for a start, its end for an end), within DateBounds. */
  private Instant when(MultiMap q, String field, boolean start) {
    String text = text(q, field);
    if (text == null) {
      return null;
    }
    return start && text.length() == 10 ? DateBounds.day(field, text).atStartOfDay(zone()).toInstant()
        : DateBounds.deadline(field, text, zone());
  }

  /** "open", "closed" or both (null: no filter). */
  private static Boolean open(String status) {
    if (status == null) {
      return null;
    }
    Set<String> asked = Set.copyOf(Arrays.stream(status.split(",")).map(String::strip).toList());
    if (!Set.of("open", "closed").containsAll(asked)) {
      throw TicketingException.invalid("status must be open, closed or open,closed");
    }
    return asked.size() == 2 ? null : asked.contains("open");
  }

  /** A report as the public sees it: state, place and handling, never the resident. */
  private JsonObject request(PublicReport report, Category category) {
    Ticket t = report.ticket();
    boolean closed = !t.isOpen();
    // what a reporter posted here themselves is public; what a resident told the hotline by phone, text or
    // an agent (their words, their flat) is not, nor anything of a confidential ticket
    boolean published = t.channel() == org.zhaowo.ticketing.Channel.WEB && !t.confidential();
    return new JsonObject()
        .put("service_request_id", t.number())
        .put("status", closed ? "closed" : "open")
        .put("status_notes", t.mergedInto() != null ? merged(report) : closed && !t.confidential() ? report.resolution() : null)
        .put("service_name", category == null ? null : category.nameZh())
        .put("service_code", t.category())
        .put("description", published ? t.description() : null)
        .put("agency_responsible", t.unitName())
        .put("service_notice", null)
        .put("requested_datetime", datetime(t.createdAt()))
        .put("updated_datetime", datetime(t.updatedAt()))
        .put("expected_datetime", datetime(t.deadline()))
        .put("address", published ? t.address() : null)
        .put("address_id", null)
        .put("zipcode", null)
        .put("lat", published ? t.lat() : null)
        .put("long", published ? t.lon() : null)
        .put("media_url", null);
  }

  /** Which request a merged one carries on in, unless naming it would tie a confidential ticket to this place. */
  private static String merged(PublicReport report) {
    String into = report.ticket().mergedInto();
    return report.ticket().confidential() || report.mergedIntoConfidential()
        ? "与同一问题的另一工单合并办理 (merged with another request about the same problem)"
        : "与同一问题的工单 " + into + " 合并办理 (merged with request " + into + ", the same problem)";
  }

  private String datetime(Instant instant) {
    return instant == null ? null
        : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(zone()));
  }

  private ZoneId zone() {
    return tickets.calendar().zone();
  }

  /** Whatever no Open311 route answered: the spec's error document. */
  void notFound(RoutingContext ctx) {
    error(ctx, 404, "no such resource: " + ctx.request().path());
  }

  /** The failure handler of the Open311 paths: the spec's error document, its code the HTTP status. */
  void failed(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = failure != null ? Problems.status(failure) : ctx.statusCode() < 400 ? 500 : ctx.statusCode();
    String detail = Problems.detail(ctx, failure, status); // in our words; logs a 5xx with its cause
    error(ctx, status, status == 503 ? "the service is unavailable; try again shortly" : detail);
  }

  private static void error(RoutingContext ctx, int status, String description) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    reply(ctx, status, "errors", "error", List.of(new JsonObject().put("code", status).put("description", description)));
  }

  /** {@code items} as a JSON array, or as XML {@code <root><item>…} when the path ends in {@code .xml}. */
  private static void reply(RoutingContext ctx, int status, String root, String item, List<JsonObject> items) {
    boolean xml = ctx.request().path().endsWith(".xml");
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8")
        .end(xml ? Open311Xml.document(root, item, items) : new JsonArray(List.copyOf(items)).encode());
  }
}
