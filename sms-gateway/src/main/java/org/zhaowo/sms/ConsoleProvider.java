package org.zhaowo.sms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.zhaowo.ticketing.Phones;

/** Without Twilio settings: prints each text and appends it to {@code <data dir>/sms.log}. */
final class ConsoleProvider implements SmsProvider {
  private final Path log;
  private final Clock clock;

  ConsoleProvider(Path log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  @Override
  public synchronized Accepted send(long outboxId, String toPhone, String body) {
    Segments segments = Segments.of(body);
    String line = clock.instant() + " SMS to " + Phones.mask(toPhone) + " (" + segments.count() + " " + segments.encoding()
        + " segment" + (segments.count() == 1 ? "" : "s") + "): " + body.replace('\n', ' ') + "\n";
    System.out.print("[sms] to " + Phones.mask(toPhone) + ": " + body.replace('\n', ' ') + "\n");
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Files.writeString(log, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + log, e);
    }
    return new Accepted("console-" + outboxId, "sent");
  }

  @Override
  public Optional<Accepted> find(String toPhone, String body, Instant since) {
    return Optional.empty(); // a repeated console line harms nobody
  }
}
