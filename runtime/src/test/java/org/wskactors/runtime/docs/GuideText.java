package org.wskactors.runtime.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project files the documentation tests read, found from the module directory. */
final class GuideText {
  private GuideText() {}

  /** The repository root: the tests run with the runtime module as working directory. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** docs/guide.md. */
  static final Path GUIDE = ROOT.resolve("docs/guide.md");

  /** README.md. */
  static final Path README = ROOT.resolve("README.md");

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static String guide() {
    return read(GUIDE);
  }
}
