package org.zhaowo.ivr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** The inputs in {@code agi-corpus/} (its README says the format), and the mutations the fuzz tests make of them. */
final class AgiCorpus {
  static final int MAX_LINE = 2_048; // AgiLimits' default, which the tests' servers use
  private static final String[] NASTY = {"99999999999999999999", "-", "-1", "\u0000", "\r", "\n", " ", "(", ")",
      "endpos=", "result=", "200 ", "520-", "100 ", "HANGUP", "agi_", ": ", "\t", "9223372036854775808"};

  private AgiCorpus() {}

  /** The inputs of one corpus file, as the raw bytes they stand for. */
  static List<byte[]> load(String file) {
    try (InputStream in = AgiCorpus.class.getResourceAsStream("/agi-corpus/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no corpus file " + file);
      }
      List<byte[]> inputs = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          inputs.add(unescape(line));
        }
      }
      return inputs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<byte[]> all() {
    List<byte[]> all = new ArrayList<>(load("replies-valid.txt"));
    all.addAll(load("replies-malformed.txt"));
    all.addAll(load("header-lines-malformed.txt"));
    return all;
  }

  /** {@code \xHH} is a byte, {@code \\} a backslash; everything else is UTF-8 ({@link org.zhaowo.ticketing.CorpusText}). */
  static byte[] unescape(String line) {
    return org.zhaowo.ticketing.CorpusText.unescape(line);
  }

  /** One to four random edits: a byte changed, inserted or removed, a piece cut, doubled or swapped for a nasty one. */
  static byte[] mutate(byte[] input, Random random) {
    byte[] out = input;
    for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
      out = edit(out, random);
    }
    return out;
  }

  private static byte[] edit(byte[] in, Random random) {
    int at = in.length == 0 ? 0 : random.nextInt(in.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(in, 0, at);
    switch (random.nextInt(7)) {
      case 0 -> { // change a byte
        out.write(random.nextInt(256));
        out.write(in, Math.min(at + 1, in.length), Math.max(0, in.length - at - 1));
      }
      case 1 -> { // insert a byte
        out.write(random.nextInt(256));
        out.write(in, at, in.length - at);
      }
      case 2 -> { // remove a few bytes
        int from = Math.min(in.length, at + 1 + random.nextInt(4));
        out.write(in, from, in.length - from);
      }
      case 3 -> { // insert a nasty piece
        out.writeBytes(NASTY[random.nextInt(NASTY.length)].getBytes(StandardCharsets.UTF_8));
        out.write(in, at, in.length - at);
      }
      case 4 -> { // double the rest (long lines)
        out.write(in, at, in.length - at);
        out.write(in, at, in.length - at);
      }
      case 5 -> { // a run of one byte, up to past the line limit
        byte[] run = new byte[random.nextInt(MAX_LINE + 64)];
        Arrays.fill(run, (byte) " 9(-".charAt(random.nextInt(4)));
        out.writeBytes(run);
        out.write(in, at, in.length - at);
      }
      default -> { // a multi-byte character cut in half
        byte[] han = "号".getBytes(StandardCharsets.UTF_8);
        out.write(han, 0, 1 + random.nextInt(2));
        out.write(in, at, in.length - at);
      }
    }
    return out.toByteArray();
  }
}
