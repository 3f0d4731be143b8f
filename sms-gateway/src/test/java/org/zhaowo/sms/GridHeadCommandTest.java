package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.TicketNumbers;

/** What a grid head's text asks, before any phone is looked up. */
class GridHeadCommandTest {
  private static final String N = TicketNumbers.fromSerial(1_000_001);

  @Test
  void lettersChineseWordsAndFullWidthFormsAllSayTheSame() {
    for (String text : new String[] {"J " + N + " 已处理", "j" + N + "已处理", "结 " + N + "：已处理", "办结" + N + " 已处理",
        "Ｊ　" + N + "　已处理"}) {
      GridHeadCommand command = GridHeadCommand.parse(text);
      assertEquals(Action.RESOLVE, command.action(), text);
      assertEquals(N, command.number(), text);
      assertEquals("已处理", command.note(), text);
      assertNull(command.refusal(), text);
    }
    assertEquals(Action.ACCEPT, GridHeadCommand.parse("受理 " + N).action());
    assertEquals(Action.NOTE, GridHeadCommand.parse("备注 " + N + " 明天上门").action());
  }

  @Test
  void whatOnlyStartsLikeACommandIsRefusedWithAReason() {
    assertEquals("help", GridHeadCommand.parse("S").refusal());
    assertEquals("help", GridHeadCommand.parse("B 已上门").refusal());
    assertEquals("bad_number", GridHeadCommand.parse("S 1234567").refusal());
    assertEquals("bad_number", GridHeadCommand.parse("S " + N + "1").refusal());
    assertEquals("needs_note", GridHeadCommand.parse("J " + N).refusal());
    assertNull(GridHeadCommand.parse("S " + N).refusal(), "accepting needs no text");
  }

  @Test
  void anyOtherTextIsNoCommand() {
    for (String text : new String[] {"STOP", "START", "Bus站牌倒了", "收到，谢谢", "CX " + N, "1", "", "备注：门口灯坏了"}) {
      assertNull(GridHeadCommand.parse(text), text);
    }
  }
}
