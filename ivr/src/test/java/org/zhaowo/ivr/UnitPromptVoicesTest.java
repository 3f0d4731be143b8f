package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A unit name spoken at run time sounds like the installer's: scripts/prompts uses UnitPrompts' voices and speeds. */
class UnitPromptVoicesTest {
  @Test
  void scriptsPromptsSpeaksWithTheSameVoices() throws Exception {
    Path script = Path.of("").toAbsolutePath();
    while (!Files.exists(script.resolve("scripts/prompts"))) {
      script = script.getParent();
    }
    String text = Files.readString(script.resolve("scripts/prompts"));
    for (UnitPrompts.Voice v : UnitPrompts.VOICES) {
      String line = v.language() + ") voice=" + v.espeak() + "; normal=" + v.normal() + "; slow=" + v.slow() + " ;;";
      assertTrue(text.contains(line), "scripts/prompts has: " + line);
    }
  }
}
