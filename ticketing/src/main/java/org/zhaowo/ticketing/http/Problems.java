package org.zhaowo.ticketing.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.ErrorDataDecoderException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.TicketingException;

/**
 * Errors as {@code application/problem+json}, chosen by kind and code, never by message text. The detail is
 * always in our words: a {@link TicketingException}'s own, else one per status and SQLSTATE class, so no
 * database text or Java class name reaches a client. A 5xx is logged at error with its real cause and a request
 * id, which the detail repeats for whoever reports it.
 */
final class Problems {
  private static final Logger log = LoggerFactory.getLogger(Problems.class);
  private static final String REQUEST_ID = "problems.requestId";

  private Problems() {}

  /** A request refused at the HTTP boundary with a status of its own (415, 429), and the headers that go with it. */
  static final class Refused extends RuntimeException {
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();

    Refused(int status, String detail) {
      super(detail, null, false, false);
      this.status = status;
    }

    Refused withHeader(String name, String value) {
      headers.put(name, value);
      return this;
    }
  }

  /** The router's failure handler. */
  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = failure == null ? (ctx.statusCode() < 400 ? 500 : ctx.statusCode()) : status(failure);
    String detail = detail(ctx, failure, status);
    if (failure instanceof Refused refused) {
      refused.headers.forEach(ctx.response()::putHeader);
    }
    send(ctx, status, detail);
  }

  /**
   * What a client is told of a failure, in our words; logs it first (a 5xx at error with the real cause and a
   * request id, a refusal we did not word ourselves at warn). The console's pages use the same.
   */
  static String detail(RoutingContext ctx, Throwable failure, int status) {
    // the route pattern, not the path: paths can carry phone numbers (/api/residents/{phone})
    String route = ctx.currentRoute() == null ? "?"
        : ctx.currentRoute().getPath() != null ? ctx.currentRoute().getPath() : ctx.currentRoute().getName();
    if (status >= 500) {
      String id = requestId(ctx);
      log.error("{} {} failed (request {})", ctx.request().method(), route, id, failure);
      return switch (status) {
        case 503 -> failure == null ? "the request took too long; the database may be unreachable"
            : "the database is unreachable; try again shortly";
        default -> "internal error (request " + id + "); the log has the details";
      };
    }
    if (failure instanceof TicketingException || failure instanceof Refused) {
      return failure.getMessage();
    }
    if (failure != null) {
      log.warn("{} {} refused with {} (request {}): {}", ctx.request().method(), route, status, requestId(ctx), failure.toString());
    }
    if (failure instanceof PgException pg && pg.getSqlState() != null) {
      return pgDetail(pg.getSqlState());
    }
    if (failure instanceof DecodeException) {
      return "the body is not valid JSON";
    }
    if (failure instanceof ErrorDataDecoderException) {
      return "the form is not valid application/x-www-form-urlencoded (a bad %-escape)";
    }
    return switch (status) {
      case 400 -> "the request is malformed";
      case 404 -> "no such resource";
      case 405 -> "this method is not allowed here";
      case 413 -> "the request body is too large";
      case 415 -> "this content type is not accepted here";
      default -> "request failed";
    };
  }

  /** The HTTP status a failure maps to (the console's pages use the same). */
  static int status(Throwable failure) {
    if (failure instanceof TicketingException e) {
      return switch (e.kind()) {
        case INVALID -> 400;
        case NOT_FOUND -> 404;
        case CONFLICT -> 409;
        case FORBIDDEN -> 403;
        case UNAUTHORIZED -> 401;
      };
    }
    if (failure instanceof Refused refused) {
      return refused.status;
    }
    if (failure instanceof HttpException http) {
      return http.getStatusCode();
    }
    if (failure instanceof DecodeException || failure instanceof IllegalArgumentException
        || failure instanceof ErrorDataDecoderException) { // the last: a form with a bad %-escape ("%zz")
      return 400;
    }
    if (failure instanceof PgException pg) {
      return pgStatus(pg.getSqlState());
    }
    if (failure instanceof io.vertx.core.VertxException || failure instanceof java.net.ConnectException) {
      return 503; // the database or another dependency is unreachable
    }
    return 500;
  }

  private static int pgStatus(String sqlState) {
    if (sqlState == null) {
      return 500;
    }
    return switch (sqlState.substring(0, 2)) {
      case "22", "23" -> 400; // bad data, constraint violation
      case "40" -> 409; // serialization failure, deadlock
      case "08", "53", "57" -> 503; // connection, resources, shutdown
      default -> 500;
    };
  }

  /** A 4xx database refusal in our words, by SQLSTATE (the 5xx ones never get here). */
  private static String pgDetail(String sqlState) {
    return switch (sqlState) {
      case "22001" -> "a value in the request is too long";
      case "22021" -> "a text in the request has a character that cannot be stored";
      case "23502" -> "a required value is missing";
      case "23503" -> "the request refers to something that does not exist";
      case "23505" -> "this already exists";
      case "23514" -> "a value in the request is outside what is allowed";
      default -> switch (sqlState.substring(0, 2)) {
        case "22" -> "a value in the request cannot be stored";
        case "40" -> "the request clashed with another at the same moment; try again";
        default -> "the request breaks a rule of the data";
      };
    };
  }

  /** This request's id for the log (and a 5xx's detail): random, the same for every line of one request. */
  static String requestId(RoutingContext ctx) {
    String id = ctx.get(REQUEST_ID);
    if (id == null) {
      id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);
      ctx.put(REQUEST_ID, id);
    }
    return id;
  }

  /** What a request that no route answered gets. */
  static void notFound(RoutingContext ctx) {
    send(ctx, 404, "no such resource: " + ctx.request().path());
  }

  static void send(RoutingContext ctx, int status, String detail) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    JsonObject problem = new JsonObject()
        .put("type", "about:blank")
        .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("status", status)
        .put("detail", detail);
    if (status == 401 && ctx.request().path().startsWith("/api/")) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"zhaowo\"");
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(problem.encode());
  }
}
