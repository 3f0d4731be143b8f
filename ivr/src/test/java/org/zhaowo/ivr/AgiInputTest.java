package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.asteriskjava.fastagi.command.AgiCommand;
import org.asteriskjava.fastagi.command.AnswerCommand;
import org.asteriskjava.fastagi.command.GetDataCommand;
import org.asteriskjava.fastagi.command.GetVariableCommand;
import org.asteriskjava.fastagi.command.RecordFileCommand;
import org.asteriskjava.fastagi.command.StreamFileCommand;
import org.asteriskjava.fastagi.command.WaitForDigitCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The AGI line, reply and header parsers on hostile input: the corpus (agi-corpus/) replayed, and jqwik
 * properties over random bytes and mutations of the corpus. Whatever comes in, the parsers either give a
 * reply or a request within the limits, or refuse it with {@link AgiMalformed}: nothing else is thrown.
 * The seeds are fixed so that a run is the same on every machine; change them locally to explore.
 */
class AgiInputTest {
  private static final List<byte[]> CORPUS = AgiCorpus.all();
  private static final List<AgiCommand> COMMANDS = List.of(new AnswerCommand(), new StreamFileCommand("x", ""),
      new GetDataCommand("x", 5000, 4), new WaitForDigitCommand(1000), new GetVariableCommand("X"),
      new RecordFileCommand("/x", "wav", "#", 1000, 0, true, 2));

  // --- the corpus, every run

  @Test
  void everyReplyAsteriskWritesParses() {
    for (byte[] line : AgiCorpus.load("replies-valid.txt")) {
      AgiReply reply = AgiReply.parse(AgiLine.decode(line, AgiCorpus.MAX_LINE));
      assertTrue(List.of(200, 510, 511, 520).contains(reply.status()), show(line));
    }
  }

  @Test
  void everyMalformedReplyIsRefused() {
    for (byte[] line : AgiCorpus.load("replies-malformed.txt")) {
      assertThrows(AgiMalformed.class, () -> AgiReply.parse(AgiLine.decode(line, AgiCorpus.MAX_LINE)), show(line));
    }
  }

  @Test
  void theEndposOfIssue11IsRefusedNotAnUnhandledNumberFormatException() {
    AgiMalformed refused = assertThrows(AgiMalformed.class,
        () -> AgiReply.parse("200 result=0 endpos=99999999999999999999"));
    assertTrue(refused.getMessage().startsWith("not an AGI 200 reply"), refused.getMessage());
  }

  @Test
  void everyMalformedHeaderLineIsRefused() {
    for (byte[] line : AgiCorpus.load("header-lines-malformed.txt")) {
      assertThrows(AgiMalformed.class, () -> headerBlock(line), show(line));
    }
  }

  /** A phone that sends its display name in GBK, or a stray control character, is still answered: the text is cleaned. */
  @Test
  void badBytesOrControlCharactersInAHeaderValueAreReplacedNotRefused() {
    for (byte[] line : AgiCorpus.load("header-lines-cleaned.txt")) {
      AgiRequest request = headerBlock(line);
      String decoded = AgiLine.decode(line, AgiCorpus.MAX_LINE, true);
      String name = decoded.substring(0, decoded.indexOf(':'));
      String value = request.headers().get(name);
      assertTrue(value != null && value.contains("\uFFFD"), show(line) + " -> " + value);
      assertTrue(value.chars().noneMatch(c -> c < 0x20 && c != '\t'), show(line));
    }
    // a reply is never cleaned: Asterisk writes none of these
    assertThrows(AgiMalformed.class, () -> AgiLine.decode("200 result=1\u0007".getBytes(StandardCharsets.UTF_8), 2048));
  }

  @Test
  void aGoodHeaderBlockGivesItsRequest() {
    AgiRequest request = headerBlock("agi_arg_1: x".getBytes(StandardCharsets.UTF_8));
    assertEquals("hotline", request.script());
    assertEquals("1795336174.2", request.uniqueId());
  }

  @Test
  void aHeaderSentTwiceOrMissingIsRefused() {
    AgiHeaderBlock twice = new AgiHeaderBlock(100);
    twice.add("agi_callerid: 13800138000");
    assertEquals("header agi_callerid sent twice",
        assertThrows(AgiMalformed.class, () -> twice.add("agi_callerid: 13900139000")).getMessage());
    AgiHeaderBlock noId = new AgiHeaderBlock(100);
    noId.add("agi_network_script: hotline");
    assertEquals("header block without agi_uniqueid", assertThrows(AgiMalformed.class, () -> noId.add("")).getMessage());
  }

  /** Shapes that make a backtracking regex take years: each must be answered at once. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // "does not hang", not a speed target
  void noLineMakesTheParsersBacktrack() {
    String[] fillers = {" ", "(", ")", "9", "-", "( ", ") ", " (", "endpos=", "=", "*"};
    for (String filler : fillers) {
      for (String head : List.of("200 result=", "200 result=1 ", "200 result=1 (", "200 result=0 endpos=", "agi_x: ")) {
        String line = head + filler.repeat((AgiCorpus.MAX_LINE - head.length()) / filler.length());
        for (String tail : List.of("", "x", ")", "\u00e9")) {
          parseAny((line + tail).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
  }

  // --- properties

  @Property(tries = 3000, seed = "11")
  void anyLineDecodesWithinTheLimitOrIsRefused(@ForAll("lines") byte[] bytes) {
    try {
      String line = AgiLine.decode(bytes, AgiCorpus.MAX_LINE);
      assertTrue(line.length() <= AgiCorpus.MAX_LINE);
      assertTrue(line.chars().noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f), line);
    } catch (AgiMalformed refused) {
      // the connection closes
    }
  }

  @Property(tries = 5000, seed = "11")
  void anyReplyParsesToAKnownStatusOrIsRefused(@ForAll("lines") byte[] bytes) {
    AgiReply reply;
    try {
      reply = AgiReply.parse(AgiLine.decode(bytes, AgiCorpus.MAX_LINE));
    } catch (AgiMalformed refused) {
      return;
    }
    assertTrue(List.of(200, 510, 511, 520).contains(reply.status()), show(bytes));
    assertTrue(reply.endpos() >= -1, show(bytes));
    reply.code(); // never throws: MIN_VALUE for what is no int
    COMMANDS.forEach(command -> reply.answers(command.getClass()));
  }

  @Property(tries = 2000, seed = "11")
  void anyHeaderBlockGivesABoundedRequestOrIsRefused(@ForAll("headerBlocks") List<byte[]> lines) {
    AgiHeaderBlock block = new AgiHeaderBlock(100);
    try {
      for (byte[] line : lines) {
        AgiRequest request = block.add(AgiLine.decode(line, AgiCorpus.MAX_LINE, true));
        if (request != null) {
          assertTrue(request.headers().size() <= 100);
          assertTrue(request.uniqueId().matches("[A-Za-z0-9._-]{1,150}"), request.uniqueId());
          request.callerId();
          return;
        }
      }
    } catch (AgiMalformed refused) {
      // the connection closes
    }
  }

  @Provide
  Arbitrary<byte[]> lines() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(AgiCorpus.MAX_LINE + 16);
    Arbitrary<byte[]> text = Arbitraries.strings().all().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> mutated = Arbitraries.of(CORPUS).flatMap(seed -> Arbitraries.longs()
        .map(s -> AgiCorpus.mutate(seed, new Random(s))));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, random), net.jqwik.api.Tuple.of(1, text), net.jqwik.api.Tuple.of(6, mutated));
  }

  @Provide
  Arbitrary<List<byte[]>> headerBlocks() {
    return Arbitraries.longs().map(seed -> {
      Random random = new Random(seed);
      List<byte[]> lines = new ArrayList<>();
      for (String line : goodHeaders()) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        lines.add(random.nextInt(8) == 0 ? AgiCorpus.mutate(bytes, random) : bytes);
      }
      if (random.nextInt(4) == 0) {
        lines.add(random.nextInt(lines.size() + 1), CORPUS.get(random.nextInt(CORPUS.size())));
      }
      for (int extra = random.nextInt(3) == 0 ? random.nextInt(150) : 0; extra > 0; extra--) {
        lines.add(("agi_arg_" + extra + ": x").getBytes(StandardCharsets.UTF_8)); // towards the header limit
      }
      lines.add(new byte[0]);
      return lines;
    });
  }

  static List<String> goodHeaders() {
    return List.of("agi_network: yes", "agi_network_script: hotline", "agi_request: agi://127.0.0.1:4573/hotline",
        "agi_channel: PJSIP/baresip-00000002", "agi_language: zh", "agi_type: PJSIP", "agi_uniqueid: 1795336174.2",
        "agi_version: 22.10.1", "agi_callerid: 13800138000", "agi_calleridname: unknown", "agi_callingpres: 0",
        "agi_dnid: 96715", "agi_context: hotline", "agi_extension: 96715", "agi_priority: 1", "agi_enhanced: 0.0",
        "agi_accountcode:", "agi_threadid: 140135955580608");
  }

  /** A good header block with {@code line} in it (replacing the header of its name), then the blank line. */
  private static AgiRequest headerBlock(byte[] line) {
    String decoded = AgiLine.decode(line, AgiCorpus.MAX_LINE, true);
    int colon = decoded.indexOf(':');
    String name = colon < 0 ? decoded : decoded.substring(0, colon);
    AgiHeaderBlock block = new AgiHeaderBlock(100);
    for (String header : goodHeaders()) {
      if (!header.startsWith(name + ":")) {
        block.add(header);
      }
    }
    block.add(decoded);
    return block.add("");
  }

  private static void parseAny(byte[] bytes) {
    try {
      String line = AgiLine.decode(bytes, AgiCorpus.MAX_LINE);
      if (line.startsWith("agi_")) {
        new AgiHeaderBlock(100).add(line);
      } else {
        AgiReply.parse(line);
      }
    } catch (AgiMalformed refused) {
      // fine: refused at once
    }
  }

  private static String show(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
