package org.zhaowo.sms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.http.SmsWebhooks;

/**
 * Resident notifications by SMS through an outbox, Twilio's webhooks, and the callback survey (回访).
 *
 * <p>Every ticket event a resident should hear of writes its text into the outbox in the event's
 * own transaction; a worker sends it through Twilio (with TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and
 * TWILIO_FROM_NUMBER) or to the console and {@code <ZHAOWO_DATA_DIR>/sms.log}. A resolved ticket opens
 * a survey, asked by SMS or by an automated phone call placed through Asterisk's AMI.
 */
public final class SmsGateway {
  private static final Logger log = LoggerFactory.getLogger(SmsGateway.class);
  /** Set to false to queue texts without sending them from this instance (another instance sends). */
  static final String WORKER = "ZHAOWO_SMS_WORKER";

  private final Vertx vertx;
  private final TwilioWebhooks webhooks;
  private final SurveyScheduler surveys;
  private final List<String> deployments;
  private final long templateWatch;

  private SmsGateway(Vertx vertx, TwilioWebhooks webhooks, SurveyScheduler surveys, List<String> deployments,
      long templateWatch) {
    this.vertx = vertx;
    this.webhooks = webhooks;
    this.surveys = surveys;
    this.deployments = deployments;
    this.templateWatch = templateWatch;
  }

  /**
   * Registers the outbox listener on the ticket service and starts the outbox worker and the survey
   * scheduler, all on {@code clock}, the service's one source of time (the launcher's; tests move theirs).
   */
  public static Future<SmsGateway> start(Vertx vertx, Pool pool, TicketService tickets, Config config, Clock clock) {
    return SmsTemplates.start(vertx, config).compose(templates -> start(vertx, pool, tickets, config, clock, templates));
  }

  private static Future<SmsGateway> start(Vertx vertx, Pool pool, TicketService tickets, Config config, Clock clock,
      SmsTemplates templates) {
    SurveyPolicy policy = new SurveyPolicy(config, tickets::calendar);
    GridHeadTexts gridHeads = config.getBoolean(GridHeadTexts.ENABLED, true)
        ? new GridHeadTexts(tickets, templates, clock, config.zone()) : null;
    tickets.addListener(new OutboxListener(tickets, templates, policy, clock, config.zone(), gridHeads));
    SmsProvider provider = provider(config, clock);
    SmsIntake intake = new SmsIntake(pool, tickets, templates, config);
    tickets.addListener(intake);
    GridHeadCommands commands = gridHeads == null ? null : new GridHeadCommands(pool, tickets, templates, clock);
    if (commands != null) {
      tickets.addListener(commands);
    }
    InboundReplies replies = new InboundReplies(pool, tickets, templates, clock, config.zone(), intake, commands);
    TwilioWebhooks webhooks = new TwilioWebhooks(config.get(TwilioProvider.TOKEN), config.get("ZHAOWO_PUBLIC_URL"),
        pool, replies, clock);
    Future<String> worker = config.getBoolean(WORKER, true)
        ? vertx.deployVerticle(new OutboxWorker(pool, provider, sender(config), config, clock))
        : Future.succeededFuture(null);
    SurveyScheduler surveys = new SurveyScheduler(pool, tickets, templates, policy, AmiDialer.fromConfig(config), clock,
        config);
    return worker.compose(w -> vertx.deployVerticle(surveys)
        .map(s -> new SmsGateway(vertx, webhooks, surveys, w == null ? List.of(s) : List.of(w, s),
            templates.watch(vertx))));
  }

  private static SmsProvider provider(Config config, Clock clock) {
    if (TwilioProvider.configured(config)) {
      String publicUrl = config.get("ZHAOWO_PUBLIC_URL");
      String callback = publicUrl == null ? null : publicUrl.replaceFirst("/+$", "") + TwilioWebhooks.STATUS_PATH;
      log.info("SMS go out through Twilio{}", config.get(TwilioProvider.API_URL) == null ? ""
          : " at " + config.get(TwilioProvider.API_URL));
      return new TwilioProvider(config, callback);
    }
    Path file = Path.of(config.get("ZHAOWO_DATA_DIR", ".zhaowo")).resolve("sms.log");
    log.info("No Twilio settings: SMS are printed and appended to {}", file.toAbsolutePath());
    return new ConsoleProvider(file, clock);
  }

  /** The sending number whose rate is limited. */
  static String sender(Config config) {
    return TwilioProvider.configured(config) ? config.get(TwilioProvider.FROM) : "console";
  }

  /** Twilio's webhooks ({@code POST /twilio/sms/status}, {@code POST /twilio/sms/inbound}), for the HTTP server. */
  public SmsWebhooks webhooks() {
    return webhooks;
  }

  /** The survey scheduler, for tests that run its rounds by hand. */
  SurveyScheduler surveys() {
    return surveys;
  }

  /** Stops sending and scheduling; queued texts wait in the outbox for the next start. */
  public Future<Void> stop() {
    vertx.cancelTimer(templateWatch);
    return Future.join(deployments.stream().map(vertx::undeploy).toList()).mapEmpty();
  }
}
