package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.TicketNumbers;

/**
 * With ticket numbers held in advance a caller hears a real number even when the database is away or slow;
 * the report is registered later under exactly that number, once. After a timeout nobody waits on the database.
 */
class NumberBlockTest {
  private static final Duration NO_HANG = Duration.ofSeconds(30);

  private static IvrHarness withBlock(int size) throws InterruptedException {
    IvrHarness ivr = new IvrHarness(Map.of("ZHAOWO_IVR_NUMBER_BLOCK", String.valueOf(size)));
    FakeAsterisk.unitsByDefault(IvrTest.units(ivr));
    ivr.numbersHeld(size);
    return ivr;
  }

  private static FakeAsterisk report(String phone) {
    return new FakeAsterisk(phone, "hotline").keys("1", "1", "#", "1", "");
  }

  @Test
  void theBlockGrowsWithTheCallsToCoverAMinuteOfThemAndNoFurtherThanItsCeiling() throws Exception {
    try (IvrHarness ivr = new IvrHarness()) {
      NumberBlock block = new NumberBlock(ivr.tickets, 50, 10_000, ivr.clock, 60);
      block.refill();
      waitUntil(() -> block.held() >= 50);
      assertEquals(50, block.target(), "a quiet line holds the configured size");
      java.util.Set<String> numbers = new java.util.HashSet<>();
      for (int i = 0; i < 300; i++) { // 300 reports in 10 s: 30 a second
        block.take().ifPresent(numbers::add);
        if (i % 20 == 0) {
          waitUntil(() -> block.held() >= 25); // the background refill keeps up below half
        }
      }
      ivr.clock.advance(Duration.ofSeconds(10));
      block.refill();
      assertEquals(1_800, block.target(), "a minute of 30 reports a second");
      waitUntil(() -> block.held() >= 900);
      assertTrue(numbers.stream().allMatch(TicketNumbers::isValid));
      assertTrue(numbers.size() >= 250, "numbers taken are distinct and real: " + numbers.size());

      for (int i = 0; i < 3_000; i++) { // a storm: 3,000 in the next second
        block.take();
      }
      ivr.clock.advance(Duration.ofSeconds(1));
      block.refill();
      assertEquals(NumberBlock.MAX_HELD, block.target(), "no more than the ceiling");

      ivr.clock.advance(Duration.ofSeconds(10)); // nothing taken: back to the configured size
      block.refill();
      assertEquals(50, block.target());
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertTrue(condition.getAsBoolean(), "not within 15 s");
  }

  @Test
  void aCallerHearsAHeldNumberDuringAnOutageAndTheReportIsRegisteredUnderIt() throws Exception {
    try (IvrHarness ivr = withBlock(4)) {
      FakeAsterisk asterisk = report("13800138301").on("RECORD FILE", c -> ivr.proxy.cut());
      FakeAsterisk.Transcript t = ivr.call(asterisk);
      String id = asterisk.headers.get("agi_uniqueid");

      String number = t.variables.get("ZHAOWO_TICKET");
      assertTrue(TicketNumbers.isValid(number), "a real number: " + number);
      assertTrue(t.played().contains("zhaowo/ticket-registered"), t.played().toString());
      List<String> said = t.saidDigits(); // the callback number's last digits, then the ticket number twice
      assertEquals(List.of(number, number), said.subList(said.size() - 2, said.size()), "read back as a registered one");
      assertTrue(!t.played().contains("zhaowo/saved-for-later"));
      JsonObject entry = entryOfCall(ivr, id);
      assertEquals(number, entry.getString("number"), "the spooled report carries the number the caller heard");

      ivr.proxy.restore();
      Row ticket = ivr.waitFor("SELECT * FROM tickets WHERE number = $1", number).getFirst();
      assertEquals("13800138301", ticket.getString("caller_phone"));
      assertTrue(ticket.getString("intake_key").startsWith(id + "@"));
      assertEquals(number, ivr.waitFor("SELECT * FROM ivr_calls WHERE unique_id = $1 AND ticket_number IS NOT NULL", id)
          .getFirst().getString("ticket_number"));
      assertEquals(1, ivr.rows("SELECT * FROM tickets WHERE recording LIKE $1", "%" + id + "-report%").size(), "once");
    }
  }

  @Test
  void aHeldNumberIsGivenOnceAndAnEmptyBlockMeansSavedForLater() throws Exception {
    try (IvrHarness ivr = withBlock(2)) {
      ivr.proxy.cut(); // away for long: the block cannot be refilled
      FakeAsterisk a = report("13800138302");
      FakeAsterisk b = report("13800138303");
      FakeAsterisk c = new FakeAsterisk("13800138304", "hotline").keys("1", "1", "#", "1", "");
      String first = ivr.call(a).variables.get("ZHAOWO_TICKET");
      String second = ivr.call(b).variables.get("ZHAOWO_TICKET");
      FakeAsterisk.Transcript third = ivr.call(c);

      assertTrue(TicketNumbers.isValid(first) && TicketNumbers.isValid(second), first + " " + second);
      assertNotEquals(first, second, "one number, one caller");
      assertNull(third.variables.get("ZHAOWO_TICKET"), "the block is empty");
      assertTrue(third.played().contains("zhaowo/saved-for-later"), third.played().toString());

      ivr.proxy.restore();
      for (String number : List.of(first, second)) {
        assertEquals(1, ivr.waitFor("SELECT * FROM tickets WHERE number = $1", number).size());
      }
      String id = c.headers.get("agi_uniqueid");
      Row late = ivr.waitFor("SELECT * FROM tickets WHERE recording LIKE $1", "%" + id + "-report%").getFirst();
      assertTrue(!List.of(first, second).contains(late.getString("number")), "the number-less report took another");
    }
  }

  @Test
  void afterATimeoutTheNextCallerDoesNotWaitOnTheDatabaseAndLiveRegistrationResumesLater() throws Exception {
    try (IvrHarness ivr = withBlock(4)) {
      RegistrationGate gate = ivr.server.services().gate();
      FakeAsterisk slow = report("13800138305").on("RECORD FILE", c -> ivr.proxy.stall());
      String first = assertTimeoutPreemptively(NO_HANG, () -> ivr.call(slow)).variables.get("ZHAOWO_TICKET");
      assertTrue(TicketNumbers.isValid(first), "the timed-out registration falls back to the held number");
      assertTrue(gate.open(), "a timeout opens the circuit");

      long attempted = gate.attempted();
      long shed = gate.shed();
      FakeAsterisk next = report("13800138306");
      String second = assertTimeoutPreemptively(NO_HANG, () -> ivr.call(next)).variables.get("ZHAOWO_TICKET");
      assertTrue(TicketNumbers.isValid(second));
      assertNotEquals(first, second);
      assertEquals(attempted, gate.attempted(), "no registration was sent to the database on the caller's path");
      assertEquals(shed + 1, gate.shed());

      ivr.proxy.unstall(); // the first registration may still commit late: it and the drainer's replay are one ticket
      for (String number : List.of(first, second)) {
        assertEquals(1, ivr.waitFor("SELECT * FROM tickets WHERE number = $1", number).size());
      }
      String slowId = slow.headers.get("agi_uniqueid");
      assertEquals(1, ivr.rows("SELECT * FROM tickets WHERE recording LIKE $1", "%" + slowId + "-report%").size());

      ivr.clock.advance(Duration.ofSeconds(6)); // the circuit's time is the service's clock
      assertTrue(!gate.open());
      ivr.numbersHeld(2);
      FakeAsterisk live = report("13800138307");
      String third = ivr.call(live).variables.get("ZHAOWO_TICKET");
      assertEquals(attempted + 1, gate.attempted(), "registered live again");
      assertEquals("ticket_created", ivr.callRecord(live).getString("outcome"));
      assertEquals(1, ivr.rows("SELECT * FROM tickets WHERE number = $1", third).size(), "there at once");
    }
  }

  /** The spooled report of a call, pending or already drained. */
  private static JsonObject entryOfCall(IvrHarness ivr, String id) throws IOException {
    for (String folder : List.of("pending", "done")) {
      Path dir = ivr.spool.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.filter(f -> f.getFileName().toString().startsWith("ticket-")).toList()) {
          JsonObject entry = Spool.read(p);
          if (id.equals(entry.getString("uniqueId"))) {
            return entry;
          }
        }
      }
    }
    throw new AssertionError("no spooled report of call " + id);
  }
}
