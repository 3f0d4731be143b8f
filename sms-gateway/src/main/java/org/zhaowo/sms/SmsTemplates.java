package org.zhaowo.sms;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Config;

/**
 * The message texts: one FreeMarker file per kind and language ({@code registered.zh-CN.ftl}).
 * Defaults ship in the jar; a file of the same name in ZHAOWO_SMS_TEMPLATES overrides one, and
 * edits there are picked up without a restart.
 */
final class SmsTemplates {
  static final String DIR_KEY = "ZHAOWO_SMS_TEMPLATES";

  private static final Logger log = LoggerFactory.getLogger(SmsTemplates.class);

  private final Configuration operator;
  private final Configuration shipped;

  SmsTemplates(Config config) {
    operator = configuration(loader(config.get(DIR_KEY)));
    shipped = configuration(new ClassTemplateLoader(SmsTemplates.class, "/sms-templates"));
  }

  private static Configuration configuration(TemplateLoader loader) {
    Configuration freemarker = new Configuration(Configuration.VERSION_2_3_34);
    freemarker.setDefaultEncoding("UTF-8");
    freemarker.setLocalizedLookup(false);
    freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    freemarker.setLogTemplateExceptions(false);
    freemarker.setTemplateUpdateDelayMilliseconds(5_000);
    freemarker.setTemplateLoader(loader);
    return freemarker;
  }

  private static TemplateLoader loader(String overrideDir) {
    List<TemplateLoader> loaders = new ArrayList<>();
    if (overrideDir != null && new File(overrideDir).isDirectory()) {
      try {
        loaders.add(new FileTemplateLoader(new File(overrideDir)));
      } catch (IOException e) {
        throw new UncheckedIOException(DIR_KEY + " is not readable: " + overrideDir, e);
      }
    }
    loaders.add(new ClassTemplateLoader(SmsTemplates.class, "/sms-templates"));
    return new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new));
  }

  /**
   * The text of one message. An operator's template that fails (a typo in an edit) falls back to the
   * shipped one: a broken text must never refuse the ticket event it is written with.
   */
  String render(String kind, String language, Map<String, Object> model) {
    String name = kind + "." + ("en".equals(language) ? "en" : "zh-CN") + ".ftl";
    try {
      return render(operator, name, model);
    } catch (IOException | TemplateException e) {
      log.error("SMS template {} failed, using the shipped one: {}", name, e.getMessage());
      try {
        return render(shipped, name, model);
      } catch (IOException | TemplateException again) {
        throw new IllegalStateException("the shipped SMS template " + name + " failed: " + again.getMessage(), again);
      }
    }
  }

  private static String render(Configuration freemarker, String name, Map<String, Object> model)
      throws IOException, TemplateException {
    StringWriter out = new StringWriter();
    freemarker.getTemplate(name).process(model, out);
    return out.toString().strip();
  }
}
