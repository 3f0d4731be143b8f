package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureLogTest {

  @Test
  void anOutageIsLoggedOnceNotEveryRoundAndItsEndIsLogged() {
    Logger logger = (Logger) LoggerFactory.getLogger("failure-log-test");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    FailureLog failures = new FailureLog(logger, "Outbox round");
    for (int i = 0; i < 300; i++) { // a minute of 200 ms polls against a stopped database
      failures.failed(new ConnectException("Connection refused"));
    }
    assertEquals(1, lines.list.size());
    assertTrue(lines.list.get(0).getFormattedMessage().startsWith("Outbox round failed: java.net.ConnectException"));
    failures.succeeded();
    failures.succeeded();
    assertEquals(2, lines.list.size());
    assertEquals("Outbox round works again", lines.list.get(1).getFormattedMessage());
    failures.failed(new ConnectException("again"));
    assertEquals(3, lines.list.size());
  }
}
