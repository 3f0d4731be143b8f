package org.zhaowo.ivr;

import org.zhaowo.ticketing.Config;

/**
 * What one FastAGI connection may send before it is closed: a peer breaking these limits loses its
 * own connection and nothing else.
 *
 * @param maxLine longest line in bytes (headers and replies)
 * @param maxHeaders most {@code agi_*} lines before the blank line
 * @param headerTimeoutMs time for the whole header block to arrive
 * @param replyTimeoutMs time a command may take beyond its own timeout (playback length is unknown)
 * @param maxUsageLines most lines of a multi-line 520 reply
 */
record AgiLimits(int maxLine, int maxHeaders, long headerTimeoutMs, long replyTimeoutMs, int maxUsageLines) {
  static AgiLimits from(Config config) {
    return new AgiLimits(
        config.getInt("ZHAOWO_AGI_MAX_LINE", 2_048),
        config.getInt("ZHAOWO_AGI_MAX_HEADERS", 100),
        config.getInt("ZHAOWO_AGI_HEADER_TIMEOUT_MS", 10_000),
        config.getInt("ZHAOWO_AGI_REPLY_TIMEOUT_MS", 120_000),
        50);
  }
}
