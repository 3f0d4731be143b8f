package org.zhaowo.ticketing.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.TicketingException;

/** Errors as {@code application/problem+json}, chosen by kind and code, never by message text. */
final class Problems {
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /** The router's failure handler. */
  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure == null) {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      send(ctx, status, switch (status) {
        case 413 -> "the request body is too large";
        case 503 -> "the request took too long; the database may be unreachable";
        default -> "request failed";
      });
      return;
    }
    int status = status(failure);
    if (status >= 500) {
      // the route pattern, not the path: paths can carry phone numbers (/api/residents/{phone})
      String route = ctx.currentRoute() == null ? "?" : ctx.currentRoute().getPath();
      log.error("{} {} failed", ctx.request().method(), route, failure);
    }
    send(ctx, status, switch (status) {
      case 500 -> "internal error; the log has the details";
      case 503 -> "the database is unreachable; try again shortly";
      default -> failure.getMessage();
    });
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
    if (failure instanceof DecodeException || failure instanceof IllegalArgumentException) {
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

  /** What a request that no route answered gets. */
  static void notFound(RoutingContext ctx) {
    send(ctx, 404, "no such resource: " + ctx.request().path());
  }

  static void send(RoutingContext ctx, int status, String detail) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    JsonObject problem = new JsonObject()
        .put("type", "about:blank")
        .put("title", io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase())
        .put("status", status)
        .put("detail", detail);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(problem.encode());
  }
}
