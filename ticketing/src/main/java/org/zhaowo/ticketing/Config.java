package org.zhaowo.ticketing;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * Configuration read from the environment, overridable by a map (tests pass their own).
 * Each key is read where it is used, with its default beside it.
 */
public final class Config {
  private final Map<String, String> values;

  private Config(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** The process environment, with {@code -Dzhaowo.KEY=value} system properties on top. */
  public static Config fromEnvironment() {
    Map<String, String> merged = new HashMap<>(System.getenv());
    System.getProperties().forEach((k, v) -> {
      String key = k.toString();
      if (key.startsWith("zhaowo.")) {
        merged.put(key.substring("zhaowo.".length()), v.toString());
      }
    });
    return new Config(merged);
  }

  public static Config of(Map<String, String> values) {
    return new Config(values);
  }

  /** A copy with some keys replaced. */
  public Config with(Map<String, String> overrides) {
    Map<String, String> merged = new HashMap<>(values);
    merged.putAll(overrides);
    return new Config(merged);
  }

  public String get(String key, String defaultValue) {
    String value = values.get(key);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  public String get(String key) {
    return get(key, null);
  }

  public int getInt(String key, int defaultValue) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
    }
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    String value = get(key);
    return value == null ? defaultValue : value.equalsIgnoreCase("true") || value.equals("1");
  }

  /** The district's time zone: deadlines and working days are counted in it. */
  public ZoneId zone() {
    return ZoneId.of(get("ZHAOWO_TIMEZONE", "Asia/Shanghai"));
  }
}
