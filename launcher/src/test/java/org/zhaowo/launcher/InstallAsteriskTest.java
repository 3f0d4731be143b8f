package org.zhaowo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Database;
import org.zhaowo.ticketing.MutableClock;
import org.zhaowo.ticketing.TestDatabase;

/**
 * scripts/install-asterisk into temporary folders, as an operator runs it: every file the IVR can ask for
 * ({@code SoundFiles CODE…}) is there as an 8 kHz mono 16-bit WAV; a second run, reading the units from a
 * real PostgreSQL with {@code --db} (psql), adds the prompts of a unit inserted there since and changes no
 * other file name. Needs espeak-ng, sox and psql (scripts/test installs them).
 */
class InstallAsteriskTest {
  private static final Path ROOT = repositoryRoot();

  @Test
  void installsEveryPromptAndUnitNameAndARerunFromTheDatabaseAddsOnlyItsNewUnit() throws Exception {
    Path sounds = Files.createTempDirectory("asterisk-sounds");
    Path recordings = Files.createTempDirectory("asterisk-spool").resolve("zhaowo");
    Path units = Files.createTempFile("units", ".tsv");
    Files.writeString(units, "SD01\t演示街道一\nSD01-C01\t演示一社区\nD01\t演示区水务局\n");

    assertEquals(0, install(sounds, recordings, "--units", units.toString()));
    List<String> needed = needed("SD01", "SD01-C01", "D01");
    assertTrue(needed.contains("zh/zhaowo/slow/unit/SD01-C01") && needed.contains("en/zhaowo/welcome"), "the list is the IVR's");
    for (String file : needed) {
      assertPrompt(sounds.resolve(file + ".wav"));
    }
    assertTrue(Files.isDirectory(recordings));
    assertTrue(Files.exists(sounds.resolve(".zhaowo-installed")), "the mark that lets the IVR add unit names");
    List<Path> first = files(sounds);
    assertEquals(needed.size(), first.size(), "nothing beside the needed files (no temporary files left)");

    // the same units in the database, a grid (no name prompt: grids handle nothing) and a community added since
    assertEquals(0, install(sounds, recordings, "--db", databaseWithUnits(
        "D01\t演示区水务局\tdepartment\t", "SD01\t演示街道一\tsub_district\t", "SD01-C01\t演示一社区\tcommunity\tSD01",
        "SD01-C09\t新建九社区\tcommunity\tSD01", "SD01-C01-G01\t一网格\tgrid\tSD01-C01")));
    List<String> added = needed("SD01", "SD01-C01", "D01", "SD01-C09").stream().filter(f -> !needed.contains(f)).toList();
    assertEquals(List.of("zh/zhaowo/unit/SD01-C09", "zh/zhaowo/slow/unit/SD01-C09", "en/zhaowo/unit/SD01-C09",
        "en/zhaowo/slow/unit/SD01-C09"), added);
    for (String file : added) {
      assertPrompt(sounds.resolve(file + ".wav"));
    }
    List<Path> expected = new java.util.ArrayList<>(first);
    added.forEach(f -> expected.add(Path.of(f + ".wav")));
    assertEquals(expected.stream().sorted().toList(), files(sounds), "the new unit's prompts, nothing else");
  }

  /** A migrated database on the tests' embedded PostgreSQL holding only these units; its postgresql:// URL. */
  private static String databaseWithUnits(String... rows) throws Exception {
    Database server = TestDatabase.fresh(new MutableClock(ServiceRestartTest.TUESDAY_10AM));
    Database db = server.database("install_asterisk_" + ProcessHandle.current().pid());
    db.migrate("ticketing");
    try (Connection c = db.jdbc();
        PreparedStatement insert = c.prepareStatement("INSERT INTO units (code, name, level, parent_code) VALUES (?, ?, ?, ?)")) {
      for (String row : rows) {
        String[] f = row.split("\t", -1);
        for (int i = 0; i < 4; i++) {
          insert.setString(i + 1, f[i].isEmpty() ? null : f[i]);
        }
        insert.executeUpdate();
      }
    }
    String name = db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1);
    return "postgresql://postgres@" + db.host() + ":" + db.port() + "/" + name;
  }

  private static int install(Path sounds, Path recordings, String... units) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("scripts/install-asterisk").toString(),
        "--sounds", sounds.toString(), "--recordings", recordings.toString()));
    command.addAll(List.of(units));
    Process process = new ProcessBuilder(command).directory(ROOT.toFile()).inheritIO().start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "scripts/install-asterisk ended");
    return process.exitValue();
  }

  /** What the IVR can ask for, from the same class the installer's check uses. */
  private static List<String> needed(String... codes) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", ROOT.resolve("ivr/target/ivr-0.1.0-SNAPSHOT.jar") + ":" + ROOT.resolve("ivr/target/lib/*"),
        "org.zhaowo.ivr.SoundFiles"));
    command.addAll(List.of(codes));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(1, TimeUnit.MINUTES));
    assertEquals(0, process.exitValue(), out);
    return out.lines().toList();
  }

  /** A RIFF WAVE file whose fmt chunk says PCM, 1 channel, 8000 Hz, 16 bits, with some sound after it. */
  private static void assertPrompt(Path wav) throws IOException {
    assertTrue(Files.isRegularFile(wav), wav + " exists");
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("RIFF", ascii(b, 0), wav.toString());
    assertEquals("WAVE", ascii(b, 8), wav.toString());
    int at = 12;
    while (!ascii(b, at).equals("fmt ")) {
      at += 8 + b.getInt(at + 4);
    }
    assertEquals(1, b.getShort(at + 8), wav + ": PCM");
    assertEquals(1, b.getShort(at + 10), wav + ": mono");
    assertEquals(8000, b.getInt(at + 12), wav + ": 8 kHz");
    assertEquals(16, b.getShort(at + 22), wav + ": 16-bit");
    assertTrue(b.capacity() > at + 8 + b.getInt(at + 4) + 8 + 800, wav + ": holds at least 50 ms of sound");
  }

  private static String ascii(ByteBuffer b, int at) {
    return new String(b.array(), at, 4, StandardCharsets.US_ASCII);
  }

  private static List<Path> files(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).map(folder::relativize)
          .filter(p -> !p.toString().equals(".zhaowo-installed")).sorted().toList();
    }
  }

  /** Maven runs a module's tests in the module's folder: the repository is where scripts/ is. */
  private static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("scripts/install-asterisk"))) {
        return p;
      }
    }
    throw new IllegalStateException("no scripts/install-asterisk above " + Path.of("").toAbsolutePath());
  }
}
