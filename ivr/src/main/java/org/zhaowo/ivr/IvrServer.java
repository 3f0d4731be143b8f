package org.zhaowo.ivr;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.CallLog;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.TicketService;

/**
 * The FastAGI server Asterisk hands calls to ({@code ZHAOWO_AGI_HOST}:{@code ZHAOWO_AGI_PORT},
 * default 127.0.0.1:4573; port 0 picks a free one). Asterisk runs {@code AGI(agi://HOST:4573/hotline)},
 * {@code progress} or {@code survey?ticket=N}; the flows turn calls into tickets, read progress and
 * take surveys, and leave {@code ZHAOWO_NEXT} (agent or hangup) for the dialplan. With AMI settings it
 * also hears the agents' queue ({@link QueueEvents}: a {@code QueueConnect} on the event bus when an agent
 * answers a handed-off caller); {@link #callLog()} is what the agent console reads of its records.
 */
public final class IvrServer {
  private static final Logger log = LoggerFactory.getLogger(IvrServer.class);
  /** Each call's flow blocks only its own virtual thread while it awaits Asterisk or the database. */
  private static final DeploymentOptions VIRTUAL = new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD);

  private final Vertx vertx;
  private final List<String> deployments;
  private final int port;
  private final SoundCheck soundCheck;
  private final long soundTimer;
  private final CallLog callLog;
  private final IvrServices services;
  private final long refillTimer;

  private IvrServer(Vertx vertx, List<String> deployments, int port, SoundCheck soundCheck, long soundTimer,
      CallLog callLog, IvrServices services, long refillTimer) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.port = port;
    this.soundCheck = soundCheck;
    this.soundTimer = soundTimer;
    this.callLog = callLog;
    this.services = services;
    this.refillTimer = refillTimer;
  }

  /**
   * Starts listening; the future completes once the port is bound. {@code clock} is the service's one
   * source of time (the launcher's; tests move theirs): call records, hand-offs and spool entries read it.
   * {@code meters} gets the spool's figures: {@code zhaowo.ivr.spool.pending} (gauge) and
   * {@code zhaowo.ivr.spool.quarantined} (counter, tag {@code kind}); with a local sounds folder
   * ({@code ZHAOWO_IVR_SOUNDS_DIR}) also {@code zhaowo.ivr.sounds.missing}, checked and logged at start and
   * every {@code ZHAOWO_IVR_SOUND_CHECK_SECONDS}, each check first speaking the names of handling units that
   * have no prompt yet (when espeak-ng and sox are here).
   */
  public static Future<IvrServer> start(Vertx vertx, TicketService tickets, Pool pool, Config config, Clock clock,
      MeterRegistry meters) {
    IvrSettings settings = IvrSettings.from(config);
    CallRecords records = new CallRecords(pool);
    IvrServices services = new IvrServices(tickets, records, new Spool(settings.spoolDir(), clock), settings, clock);
    QueueEvents queueEvents = QueueEvents.fromConfig(config, records);
    long retryMs = config.getInt("ZHAOWO_IVR_SPOOL_RETRY_MS", 10_000);
    String host = config.get("ZHAOWO_AGI_HOST", "127.0.0.1");
    int configured = config.getInt("ZHAOWO_AGI_PORT", 4573);
    int port = configured == 0 ? -1 : configured; // Vert.x: a negative port is one random port the instances share
    int instances = Math.max(1, config.getInt("ZHAOWO_AGI_INSTANCES", Runtime.getRuntime().availableProcessors()));
    CallRunner runner = new CallRunner(services);
    AgiLimits limits = AgiLimits.from(config);
    List<AgiVerticle> verticles = new CopyOnWriteArrayList<>();
    List<String> deployments = new ArrayList<>();
    return vertx.deployVerticle(() -> {
          AgiVerticle verticle = new AgiVerticle(runner, limits, host, port);
          verticles.add(verticle);
          return verticle;
        }, new DeploymentOptions(VIRTUAL).setInstances(instances))
        .onSuccess(deployments::add)
        .compose(v -> vertx.deployVerticle(
            new SpoolDrainer(services, meters, retryMs), VIRTUAL))
        .onSuccess(deployments::add)
        .compose(v -> queueEvents == null ? Future.succeededFuture() : vertx.deployVerticle(queueEvents, VIRTUAL)
            .onSuccess(deployments::add))
        .map(v -> {
          int bound = verticles.getFirst().actualPort();
          log.info("FastAGI server listening on {}:{} ({} instances), spool in {}", host, bound, instances,
              settings.spoolDir().toAbsolutePath());
          return bound;
        })
        .compose(bound -> {
          SoundCheck sounds = SoundCheck.of(vertx, settings, tickets, meters);
          long every = settings.soundCheckEvery().toMillis();
          long timer = settings.sounds().dir() == null || every == 0 ? -1
              : vertx.setPeriodic(every, every, t -> checked(sounds.run()));
          // numbers held in advance, topped up as often as the spool is retried: never on a caller's path
          long refill = vertx.setPeriodic(1, retryMs, t -> services.numbers().refill());
          return checked(sounds.atStart())
              .onComplete(counted -> checked(sounds.run())) // the unit names it can speak, without delaying the start
              .map(new IvrServer(vertx, deployments, bound, sounds, timer, new IvrCallLog(pool, settings), services,
                  refill));
        });
  }

  /** A check, never a reason not to take calls. */
  private static Future<?> checked(Future<?> check) {
    return check.otherwise(e -> {
      log.warn("Sound check failed: {}", e.toString());
      return null;
    });
  }

  /** The sounds folder's check, for a test to run it now rather than at the next period. */
  SoundCheck soundCheck() {
    return soundCheck;
  }

  /** What the calls share: the numbers held in advance and the registration gate, for a test to look at. */
  IvrServices services() {
    return services;
  }

  /** What {@code /health} shows of the IVR: the sounds folder's last check. */
  public io.vertx.core.json.JsonObject health() {
    return soundCheck.health();
  }

  /** What the IVR gathered on each call, and its recordings, for the agent console. */
  public CallLog callLog() {
    return callLog;
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  /** Stops taking calls and hearing the queue; calls in progress end with their connections. */
  public Future<Void> stop() {
    if (soundTimer >= 0) {
      vertx.cancelTimer(soundTimer);
    }
    vertx.cancelTimer(refillTimer);
    Future<Void> all = Future.succeededFuture();
    for (String id : deployments) {
      all = all.compose(v -> vertx.undeploy(id));
    }
    return all;
  }
}
