package org.zhaowo.sms;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Config;

/**
 * The message texts: one FreeMarker file per kind and language ({@code registered.zh-CN.ftl}).
 * Defaults ship in the jar; a file of the same name in ZHAOWO_SMS_TEMPLATES overrides one. All are
 * read and compiled up front and the directory is re-checked by {@link #refresh()} on a worker
 * thread, so {@link #render} touches no file: it runs on the event loop, inside transactions.
 */
final class SmsTemplates {
  static final String DIR_KEY = "ZHAOWO_SMS_TEMPLATES";
  static final long REFRESH_MS = 5_000;
  static final List<String> KINDS = Stream.concat(Stream.of("registered", "dispatched", "extended",
      "resolved", "reopened", "closed", "merged", "survey_reminder", "progress", "help", "too_long", GridHeadTexts.KIND),
      GridHeadCommands.KINDS.stream()).toList();
  private static final List<String> LANGUAGES = List.of("zh-CN", "en");

  private static final Logger log = LoggerFactory.getLogger(SmsTemplates.class);
  private static final Configuration FREEMARKER = configuration();

  /** A file in the override directory as last read: recompiled only when it changes. */
  private record OverrideFile(long modified, long size, Template template) {}

  private final Path dir;
  private final Map<String, Template> shipped = new HashMap<>();
  private volatile Map<String, OverrideFile> overrides = Map.of();

  /** Reads and compiles every template: blocking, so not on the event loop (see {@link #start}). */
  SmsTemplates(Config config) {
    String overrideDir = config.get(DIR_KEY);
    this.dir = overrideDir == null ? null : Path.of(overrideDir);
    for (String name : names()) {
      shipped.put(name, compileShipped(name));
    }
    refresh();
  }

  /** Loads the templates on a worker thread and re-checks the override directory every few seconds there. */
  static Future<SmsTemplates> start(Vertx vertx, Config config) {
    // reading and compiling files blocks
    return vertx.executeBlocking(() -> new SmsTemplates(config), false);
  }

  /** Re-checks the override directory every {@link #REFRESH_MS} on a worker thread; returns the timer. */
  long watch(Vertx vertx) {
    return vertx.setPeriodic(REFRESH_MS, id -> vertx.executeBlocking(() -> {
      refresh();
      return null;
    }, true));
  }

  /** Picks up added, edited and removed override files; a file that does not compile is logged and ignored. */
  synchronized void refresh() {
    if (dir == null || !Files.isDirectory(dir)) {
      overrides = Map.of();
      return;
    }
    Map<String, OverrideFile> next = new HashMap<>();
    for (String name : names()) {
      Path file = dir.resolve(name);
      try {
        if (!Files.isRegularFile(file)) {
          continue;
        }
        long modified = Files.getLastModifiedTime(file).toMillis();
        long size = Files.size(file);
        OverrideFile known = overrides.get(name);
        next.put(name, known != null && known.modified() == modified && known.size() == size ? known
            : new OverrideFile(modified, size, compileOverride(name, Files.readString(file, StandardCharsets.UTF_8))));
      } catch (IOException e) {
        log.error("SMS template {} in {} is not readable, using the shipped one: {}", name, DIR_KEY, e.toString());
      }
    }
    overrides = Map.copyOf(next);
  }

  /**
   * The text of one message. An operator's template that fails (a typo in an edit) falls back to the
   * shipped one: a broken text must never refuse the ticket event it is written with.
   */
  String render(String kind, String language, Map<String, Object> model) {
    String name = kind + "." + ("en".equals(language) ? "en" : "zh-CN") + ".ftl";
    OverrideFile override = overrides.get(name);
    if (override != null && override.template() != null) {
      try {
        return render(override.template(), model);
      } catch (TemplateException | IOException e) {
        log.error("SMS template {} failed, using the shipped one: {}", name, e.getMessage());
      }
    }
    Template template = shipped.get(name);
    if (template == null) {
      throw new IllegalArgumentException("no SMS template " + name);
    }
    try {
      return render(template, model);
    } catch (TemplateException | IOException e) {
      throw new IllegalStateException("the shipped SMS template " + name + " failed: " + e.getMessage(), e);
    }
  }

  private static String render(Template template, Map<String, Object> model) throws TemplateException, IOException {
    StringWriter out = new StringWriter();
    template.process(model, out);
    return out.toString().strip();
  }

  private static Template compileShipped(String name) {
    try (InputStream in = SmsTemplates.class.getResourceAsStream("/sms-templates/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the shipped SMS template " + name + " is missing");
      }
      return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), FREEMARKER);
    } catch (IOException e) {
      throw new UncheckedIOException("the shipped SMS template " + name + " does not compile", e);
    }
  }

  /** Null when it does not compile: the shipped text is used meanwhile. */
  private static Template compileOverride(String name, String text) {
    try {
      Template template = new Template(name, new StringReader(text), FREEMARKER);
      log.info("SMS template {} overridden from {}", name, DIR_KEY);
      return template;
    } catch (IOException e) {
      log.error("SMS template {} does not compile, using the shipped one: {}", name, e.getMessage());
      return null;
    }
  }

  private static List<String> names() {
    return KINDS.stream().flatMap(kind -> LANGUAGES.stream().map(language -> kind + "." + language + ".ftl")).toList();
  }

  private static Configuration configuration() {
    Configuration freemarker = new Configuration(Configuration.VERSION_2_3_34);
    freemarker.setDefaultEncoding("UTF-8");
    freemarker.setLocalizedLookup(false);
    freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    freemarker.setLogTemplateExceptions(false);
    return freemarker;
  }
}
