package org.zhaowo.sms;

import com.twilio.security.RequestValidator;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.http.SmsWebhooks;

/**
 * Twilio's webhooks: delivery status callbacks and residents' replies. Each request must carry a
 * valid {@code X-Twilio-Signature} for the public URL it was sent to; anything else gets 403.
 */
final class TwilioWebhooks implements SmsWebhooks {
  private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
  private static final Set<String> FINAL = Set.of("delivered", "undelivered", "failed");

  private final RequestValidator validator;
  private final String publicUrl;
  private final Pool pool;
  private final InboundReplies replies;
  private final Clock clock;

  TwilioWebhooks(String authToken, String publicUrl, Pool pool, InboundReplies replies, Clock clock) {
    this.validator = authToken == null ? null : new RequestValidator(authToken);
    this.publicUrl = publicUrl == null ? null : publicUrl.replaceFirst("/+$", "");
    this.pool = pool;
    this.replies = replies;
    this.clock = clock;
  }

  @Override
  public void verify(RoutingContext ctx) {
    String signature = ctx.request().getHeader("X-Twilio-Signature");
    String url = (publicUrl != null ? publicUrl : ctx.request().scheme() + "://" + ctx.request().authority())
        + ctx.request().uri();
    if (validator == null || signature == null || !validator.validate(url, form(ctx), signature)) {
      log.warn("Refused an unsigned or forged Twilio webhook on {}", ctx.request().path());
      ctx.response().setStatusCode(403).end();
      return;
    }
    ctx.next();
  }

  /** A delivery status: recorded once per (sid, status); final ones move the outbox row forward only. */
  @Override
  public void status(RoutingContext ctx) {
    Map<String, String> form = form(ctx);
    String sid = form.get("MessageSid");
    String status = form.getOrDefault("MessageStatus", form.get("SmsStatus"));
    if (sid == null || status == null) {
      ctx.response().setStatusCode(400).end();
      return;
    }
    var now = OutboxSql.at(clock.instant());
    String error = form.get("ErrorCode");
    pool.preparedQuery(OutboxSql.RECORD_CALLBACK).execute(Tuple.of(sid, status, error, now))
        .compose(v -> FINAL.contains(status)
            ? pool.preparedQuery(OutboxSql.APPLY_CALLBACK).execute(Tuple.of(sid, status, 2, error, now)).mapEmpty()
            : Future.succeededFuture())
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** A Twilio message id (two letters and 32 hex digits; test fakes use other letters): anything else is no message. */
  private static final java.util.regex.Pattern SID = java.util.regex.Pattern.compile("[A-Za-z0-9]{2,64}");

  @Override
  public void inbound(RoutingContext ctx) {
    Map<String, String> form = form(ctx);
    String sid = form.getOrDefault("MessageSid", form.get("SmsSid"));
    var phone = Phones.normalize(form.get("From"));
    if (sid == null || phone.isEmpty() || !SID.matcher(sid).matches()) {
      ctx.response().setStatusCode(400).end();
      return;
    }
    replies.handle(sid, phone.get(), form.getOrDefault("Body", ""))
        .onSuccess(v -> ctx.response().putHeader("Content-Type", "text/xml").end("<Response/>"))
        .onFailure(ctx::fail);
  }

  private static Map<String, String> form(RoutingContext ctx) {
    Map<String, String> form = new HashMap<>();
    ctx.request().formAttributes().forEach(e -> form.putIfAbsent(e.getKey(), e.getValue()));
    return form;
  }
}
