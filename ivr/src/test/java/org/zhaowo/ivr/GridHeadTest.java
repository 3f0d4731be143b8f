package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key 3 at the main menu: a recognised resident whose grid is known reaches their grid head (网格长). */
class GridHeadTest extends IvrTest {
  /** The demo resident 13800138000 lives in this grid. */
  private static final String GRID = "SD01-C01-G1";

  private static String gridHeadPhone() {
    return ivr.rows("SELECT phone FROM units WHERE code = $1", GRID).getFirst().getString("phone");
  }

  @Test
  void threeLeavesTheGridHeadsPhoneForTheDialplan() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").keys("3");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    List<String> played = t.played();
    assertEquals("zhaowo/grid-head-offer", played.get(played.indexOf("zhaowo/main-menu") - 1),
        "announced with the menu: " + played);
    assertEquals("dial", t.variables.get("ZHAOWO_NEXT"));
    assertEquals(gridHeadPhone(), t.variables.get("ZHAOWO_DIAL"));
    assertEquals("13800138000", t.variables.get("ZHAOWO_CALLER"), "for the agents' queue if nobody answers");
    assertEquals("zhaowo/connecting-grid-head", played.getLast());
    assertEquals("SET VARIABLE \"ZHAOWO_NEXT\" \"dial\"", t.commands.getLast());
    assertEquals("SUCCESS", t.agiStatus(), t.failedCommands.toString());

    Row call = ivr.callRecord(asterisk);
    assertEquals("grid_head", call.getString("outcome"));
    assertEquals(List.of("greeting", "main", "grid-head", "grid-head:" + GRID),
        List.of(call.getArrayOfStrings("path")));
    assertEquals("13800138000", call.getString("caller"), "on the resident's history");
  }

  @Test
  void anUnknownCallerIsNotOfferedTheGridHeadAndThreeIsAWrongKey() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13612340031", "hotline").keys("3", "3", "3"));
    assertFalse(t.played().contains("zhaowo/grid-head-offer"), t.played().toString());
    assertEquals(2, Collections.frequency(t.played(), "zhaowo/wrong-key"));
    assertNull(t.variables.get("ZHAOWO_DIAL"));
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"), "three failures reach a person, as on every menu");
  }

  @Test
  void aWithheldNumberIsNotOfferedTheGridHead() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk(null, "hotline").keys("3", "H"));
    assertFalse(t.played().contains("zhaowo/grid-head-offer"), t.played().toString());
    assertTrue(t.played().contains("zhaowo/wrong-key"));
  }

  @Test
  void theDatabaseFailingDuringTheLookUpSendsTheCallerToTheAgents() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").keys("3")
        .on("GET DATA \"zhaowo/main-menu\"", c -> ivr.proxy.cut());
    FakeAsterisk.Transcript t;
    try {
      t = ivr.call(asterisk);
    } finally {
      ivr.proxy.restore();
    }
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
    assertNull(t.variables.get("ZHAOWO_DIAL"));
    assertEquals("13800138000", t.variables.get("ZHAOWO_CALLER"));
    assertTrue(t.played().contains("zhaowo/sorry-unavailable"), t.played().toString());
    assertEquals("zhaowo/transferring", t.played().getLast());
    assertEquals("SUCCESS", t.agiStatus(), t.failedCommands.toString());
    assertEquals("database", ivr.handoff(asterisk).getString("reason"));
    Row call = ivr.callRecord(asterisk); // spooled, then written once the database is back
    assertEquals("transferred", call.getString("outcome"));
    assertTrue(List.of(call.getArrayOfStrings("path")).contains("grid-head"));
  }

  @Test
  void aGridWithoutAPhoneSendsTheCallerToTheAgents() throws Exception {
    String phone = gridHeadPhone();
    ivr.rows("UPDATE units SET phone = NULL WHERE code = $1", GRID);
    try {
      FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").keys("3");
      FakeAsterisk.Transcript t = ivr.call(asterisk);
      assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
      assertNull(t.variables.get("ZHAOWO_DIAL"));
      assertEquals("caller_asked", ivr.handoff(asterisk).getString("reason"));
    } finally {
      ivr.rows("UPDATE units SET phone = $2 WHERE code = $1", GRID, phone);
    }
  }

  @Test
  void zeroStillReachesAPersonWhereThreeIsOffered() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("0"));
    assertTrue(t.played().contains("zhaowo/grid-head-offer"));
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
    assertNull(t.variables.get("ZHAOWO_DIAL"));
  }
}
