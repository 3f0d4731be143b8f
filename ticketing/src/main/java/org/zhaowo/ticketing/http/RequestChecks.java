package org.zhaowo.ticketing.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;

/**
 * What every request passes before its route ({@link Routes} declares these first): the headers every answer
 * carries, the content type a body must have, and no NUL character (U+0000, which PostgreSQL cannot store) in a
 * query parameter or form field. Open311 keeps the form bodies its spec asks for; the SMS provider's webhooks
 * are left as the SMS gateway reads them.
 */
final class RequestChecks {
  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";

  private RequestChecks() {}

  /** {@code nosniff} on every answer; {@code no-store} on every API answer (tokens, residents' numbers). */
  static void headers(RoutingContext ctx) {
    ctx.response().putHeader("X-Content-Type-Options", "nosniff");
    if (isApi(ctx.request().path())) {
      ctx.response().putHeader("Cache-Control", "no-store");
    }
    ctx.next();
  }

  /**
   * Before the body is read: a query string that decodes (else 400), an API body must be JSON, a console form a
   * form; 415 otherwise. The query first: the body reader merges a form's fields into the request's parameters at
   * the end of the body, and a bad %-escape in the query ("?start_date=%z") threw there, where nothing answers
   * the request until its timeout.
   */
  static void contentType(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    try {
      request.params();
    } catch (IllegalArgumentException badEscape) {
      ctx.fail(new Problems.Refused(400, "the query string is malformed (a bad %-escape?)"));
      return;
    }
    HttpMethod method = request.method();
    if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
      ctx.next();
      return;
    }
    String path = request.path();
    String type = mediaType(request.getHeader("Content-Type"));
    if (isApi(path) && hasBody(request) && !JSON.equals(type)) {
      ctx.fail(new Problems.Refused(415, "send the body as " + JSON + " (charset allowed)"));
    } else if (isConsole(path) && !FORM.equals(type)) {
      ctx.fail(new Problems.Refused(415, "send the form as " + FORM));
    } else {
      ctx.next();
    }
  }

  /** After the body is read: a query parameter or form field with a NUL character is refused, naming it. */
  static void noNul(RoutingContext ctx) {
    String path = ctx.request().path();
    if (!isWebhook(path)) {
      String field = withNul(ctx.queryParams());
      if (field == null && ctx.request().isExpectMultipart()) {
        field = withNul(ctx.request().formAttributes());
      }
      if (field != null) {
        ctx.fail(Json.nul(field.replace("\0", "\\0")));
        return;
      }
    }
    ctx.next();
  }

  private static String withNul(MultiMap fields) {
    for (Map.Entry<String, String> field : fields) {
      if (field.getKey().indexOf('\0') >= 0 || field.getValue().indexOf('\0') >= 0) {
        return field.getKey();
      }
    }
    return null;
  }

  /** The media type alone ({@code application/json} of {@code Application/JSON; charset=utf-8}), or null. */
  private static String mediaType(String header) {
    if (header == null) {
      return null;
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
  }

  private static boolean isApi(String path) {
    return path.equals("/api") || path.startsWith("/api/");
  }

  private static boolean isWebhook(String path) {
    return path.equals(SmsWebhooks.STATUS_PATH) || path.equals(SmsWebhooks.INBOUND_PATH);
  }

  /** The console's forms: everything posted that is neither the API, Open311, nor a webhook. */
  private static boolean isConsole(String path) {
    return !isApi(path) && !path.startsWith("/open311/") && !isWebhook(path);
  }
}
