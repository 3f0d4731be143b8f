package org.zhaowo.ticketing.http;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.zhaowo.ticketing.Actor;

/**
 * The console's pages: FreeMarker templates ({@code console/templates/*.ftlh}, HTML auto-escaped) with
 * labels in Chinese or English ({@code console/i18n/messages_*.properties}) by the user's choice, kept
 * in a cookie. Every page gets {@code t(key)}, {@code lang}, {@code user}, {@code csrf} and {@code time(instant)}.
 */
final class Pages {
  static final String LANG_COOKIE = "zhaowo_lang";
  static final List<String> LANGUAGES = List.of("zh", "en");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final Configuration freemarker;
  private final ZoneId zone;

  Pages(ZoneId zone) {
    this.zone = zone;
    freemarker = new Configuration(Configuration.VERSION_2_3_34);
    freemarker.setClassForTemplateLoading(Pages.class, "/console/templates");
    freemarker.setDefaultEncoding("UTF-8");
    freemarker.setOutputEncoding("UTF-8");
    freemarker.setURLEscapingCharset("UTF-8");
    freemarker.setRecognizeStandardFileExtensions(true); // .ftlh: HTML auto-escaping of every ${…}
    freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    freemarker.setLogTemplateExceptions(false);
    freemarker.setWrapUncheckedExceptions(true);
    freemarker.setFallbackOnNullLoopVariable(false);
  }

  /** The user's language: the cookie's, else the browser's first choice among ours, else Chinese. */
  static String language(RoutingContext ctx) {
    var cookie = ctx.request().getCookie(LANG_COOKIE);
    if (cookie != null && LANGUAGES.contains(cookie.getValue())) {
      return cookie.getValue();
    }
    String accept = ctx.request().getHeader("Accept-Language");
    return accept != null && accept.toLowerCase(Locale.ROOT).startsWith("en") ? "en" : "zh";
  }

  /** A label; the key itself when missing, so a missing label shows rather than breaking the page. */
  static String label(String lang, String key) {
    try {
      return bundle(lang).getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
  }

  private static ResourceBundle bundle(String lang) {
    return ResourceBundle.getBundle("console.i18n.messages", "en".equals(lang) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  /** Renders a page (status 200) with the common model; {@code actor} null on public pages. */
  void send(RoutingContext ctx, String template, Map<String, Object> model, Actor actor, String csrf) {
    send(ctx, 200, template, model, actor, csrf);
  }

  void send(RoutingContext ctx, int status, String template, Map<String, Object> model, Actor actor, String csrf) {
    String html = render(ctx, template, model, actor, csrf);
    Console.securityHeaders(ctx.response());
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(html);
  }

  String render(RoutingContext ctx, String template, Map<String, Object> model, Actor actor, String csrf) {
    String lang = language(ctx);
    Map<String, Object> all = new HashMap<>(model);
    all.put("lang", lang);
    all.put("t", (TemplateMethodModelEx) args -> label(lang, String.valueOf(args.get(0))));
    all.put("time", (TemplateMethodModelEx) args -> time(args.get(0)));
    all.put("path", ctx.request().path());
    if (actor != null) {
      all.put("user", Map.of("name", actor.name(), "role", actor.role().wire(),
          "unit", actor.unitCode() == null ? "" : actor.unitCode()));
    }
    if (csrf != null) {
      all.put("csrf", csrf);
    }
    try {
      Template page = freemarker.getTemplate(template);
      StringWriter out = new StringWriter();
      page.process(all, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (freemarker.template.TemplateException e) {
      throw new IllegalStateException("page " + template + " failed: " + e.getMessage(), e);
    }
  }

  private String time(Object value) throws TemplateModelException {
    Object unwrapped = value instanceof TemplateModel model ? DeepUnwrap.unwrap(model) : value;
    if (unwrapped == null || unwrapped instanceof TemplateModel) {
      return ""; // a missing value
    }
    if (unwrapped instanceof Instant instant) {
      return TIME.format(instant.atZone(zone));
    }
    throw new TemplateModelException("time() takes an Instant, not " + unwrapped.getClass().getSimpleName());
  }
}
