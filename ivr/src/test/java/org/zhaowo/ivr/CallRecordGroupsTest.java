package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Call records ending together are written in groups (one statement, one commit), and a record the database
 * refuses, or one that cannot be read, fails alone: the others of its group are written all the same. A
 * record written in a group and replayed alone later (the spool) stays one row.
 */
class CallRecordGroupsTest extends IvrTest {
  private static JsonObject record(String id, String started) {
    return new JsonObject().put("uniqueId", id).put("channel", "PJSIP/test-1").put("caller", "13800138000")
        .put("script", "hotline").put("startedAt", started).put("endedAt", "2026-11-23T02:01:00.123456789Z")
        .put("path", new JsonArray(List.of("greeting", "main", "report.category"))).put("lastMenu", "report.category")
        .put("outcome", "abandoned").put("ticket", (String) null).put("elderly", false).put("recording", null)
        .put("category", "utilities");
  }

  @Test
  void recordsEndingTogetherAreWrittenTogetherAndABadOneFailsAlone() throws Exception {
    CallRecords records = ivr.server.services().records();
    String prefix = "group-" + System.nanoTime() + "-";
    List<Future<Void>> writes = new ArrayList<>();
    List<JsonObject> written = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      JsonObject r = record(prefix + i, "2026-11-23T02:00:00.123456789Z");
      written.add(r);
      writes.add(records.insertCall(r));
    }
    Future<Void> unreadable = records.insertCall(record(prefix + "bad", "yesterday morning"));
    Future<Void> refused = records.insertCall(record(prefix + "refused", "2026-11-23T02:00:00Z")
        .put("path", new JsonArray(List.of("nul\u0000in a menu name")))); // PostgreSQL refuses NUL in text
    for (int i = 60; i < 120; i++) {
      JsonObject r = record(prefix + i, "2026-11-23T02:00:00.123456789Z");
      written.add(r);
      writes.add(records.insertCall(r));
    }
    Future.join(writes).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertTrue(Future.join(List.of(unreadable, refused)).toCompletionStage().handle((v, e) -> e != null)
        .toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertTrue(unreadable.failed() && refused.failed(), "the bad records fail, each on its own");

    List<Row> rows = ivr.rows("SELECT unique_id, path, started_at FROM ivr_calls WHERE unique_id LIKE $1 ORDER BY unique_id",
        prefix + "%");
    assertEquals(120, rows.size(), "every good record of the groups is written");
    assertEquals(List.of("greeting", "main", "report.category"), List.of(rows.getFirst().getArrayOfStrings("path")));

    // replayed alone (as the spool drainer does): the same row, not a second one
    records.insertCall(written.getFirst()).await();
    records.insertCall(written.getLast()).await();
    assertEquals(120, ivr.rows("SELECT 1 FROM ivr_calls WHERE unique_id LIKE $1", prefix + "%").size());
  }
}
