package io.lenet5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the tool owns in a folder it writes into: names with its own prefix ({@link
 * AtomicFiles#PREFIX}), and the entries listed in the folder's manifest, which the tool writes
 * before it creates them. An owned entry must also keep the shape the tool gives it (its {@link
 * Layout}): a file a person put inside an owned folder makes that file foreign. The tool deletes,
 * replaces or renames only what it owns; everything else belongs to someone else.
 *
 * <p>Not thread-safe; use it under the folder's lock.
 */
public final class OwnedFiles {
  /** The manifest's name: one owned name a line. */
  public static final String MANIFEST = AtomicFiles.PREFIX + "-manifest";

  /**
   * The entries a command writes in a folder, by name pattern: each a plain file ({@link #FILE}), a
   * folder with a layout of its own, or anything ({@link #ANY}).
   */
  public record Layout(Kind kind, Map<Pattern, Layout> entries) {
    /** What an entry is. */
    public enum Kind {
      /** A plain file. */
      FILE,
      /** A folder whose entries have layouts of their own. */
      FOLDER,
      /** A file or folder that is the tool's whatever it holds, such as a SavedModel. */
      ANY
    }

    /** A plain file. */
    public static final Layout FILE = new Layout(Kind.FILE, Map.of());

    /** A file or folder whose content is the tool's whatever it holds. */
    public static final Layout ANY = new Layout(Kind.ANY, Map.of());

    /** A folder whose entries match {@code patternsAndLayouts}: regex, layout, regex, layout... */
    public static Layout folder(Object... patternsAndLayouts) {
      Map<Pattern, Layout> entries = new LinkedHashMap<>();
      for (int i = 0; i < patternsAndLayouts.length; i += 2) {
        entries.put(
            Pattern.compile((String) patternsAndLayouts[i]), (Layout) patternsAndLayouts[i + 1]);
      }
      return new Layout(Kind.FOLDER, Collections.unmodifiableMap(entries));
    }

    /** The layout of an entry named {@code name}, if this folder's layout has one. */
    public Optional<Layout> of(String name) {
      return entries.entrySet().stream()
          .filter(e -> e.getKey().matcher(name).matches())
          .map(Map.Entry::getValue)
          .findFirst();
    }
  }

  private final Path dir;
  private final Layout layout;
  private final TreeSet<String> listed;
  private boolean manifestFound;

  private OwnedFiles(Path dir, Layout layout, TreeSet<String> listed, boolean manifestFound) {
    this.dir = dir;
    this.layout = layout;
    this.listed = listed;
    this.manifestFound = manifestFound;
  }

  /** Reads the manifest of {@code dir}; a missing folder or manifest owns nothing yet. */
  public static OwnedFiles of(Path dir, Layout layout) {
    Path manifest = dir.resolve(MANIFEST);
    try {
      List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
      return new OwnedFiles(dir, layout, new TreeSet<>(lines), true);
    } catch (NoSuchFileException e) {
      return new OwnedFiles(dir, layout, new TreeSet<>(), false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest + ": " + e.getMessage(), e);
    }
  }

  /** Whether the folder has a manifest: a folder an earlier release wrote has none. */
  public boolean hasManifest() {
    return manifestFound;
  }

  /**
   * Lists, as owned, every entry of the folder that fits the layout: for a folder an earlier
   * release wrote, when something else proves that the tool wrote it (a search's state, a
   * checkpoint to resume).
   */
  public void adopt() {
    claim(
        entries(dir).stream().map(OwnedFiles::name).filter(n -> layout.of(n).isPresent()).toList());
  }

  /**
   * Lists {@code names} as owned, before the tool creates them; the manifest is written at once.
   */
  public void claim(Collection<String> names) {
    for (String name : names) {
      if (layout.of(name).isEmpty()) {
        throw new IllegalArgumentException(name + " is not in the folder's layout");
      }
    }
    if (listed.addAll(names) || !manifestFound) {
      AtomicFiles.writeString(dir.resolve(MANIFEST), String.join("\n", listed) + "\n");
      manifestFound = true;
    }
  }

  /**
   * Whether the entry {@code name} is the tool's: its own prefix, or listed with a known layout.
   */
  public boolean owns(String name) {
    return name.startsWith(AtomicFiles.PREFIX)
        || listed.contains(name) && layout.of(name).isPresent();
  }

  /**
   * The first path in the folder (sorted, depth first) that the tool does not own: an entry it
   * never listed, or a file inside an owned entry that does not fit its layout.
   */
  public Optional<Path> firstForeign() {
    return firstNotOwned(name -> true);
  }

  /**
   * The first path the tool would have to replace without owning it: an entry with a name it writes
   * ({@code written}) that it never listed, or a foreign file inside such an owned entry.
   */
  public Optional<Path> firstClash(Predicate<String> written) {
    return firstNotOwned(written);
  }

  private Optional<Path> firstNotOwned(Predicate<String> considered) {
    for (Path entry : entries(dir)) {
      String name = name(entry);
      if (name.startsWith(AtomicFiles.PREFIX) || !considered.test(name)) {
        continue;
      }
      if (!owns(name)) {
        return Optional.of(entry);
      }
      Optional<Path> inside = foreignIn(entry, layout.of(name).orElseThrow());
      if (inside.isPresent()) {
        return inside;
      }
    }
    return Optional.empty();
  }

  /** The first path inside {@code entry} that does not fit {@code shape}, if any. */
  public static Optional<Path> foreignIn(Path entry, Layout shape) {
    if (shape.kind() == Layout.Kind.ANY) {
      return Optional.empty();
    }
    if (shape.kind() == Layout.Kind.FILE) {
      return Files.isRegularFile(entry) ? Optional.empty() : Optional.of(entry);
    }
    if (!Files.isDirectory(entry)) {
      return Optional.of(entry);
    }
    for (Path child : entries(entry)) {
      String name = name(child);
      if (name.startsWith(AtomicFiles.PREFIX)) {
        continue;
      }
      Optional<Layout> childShape = shape.of(name);
      if (childShape.isEmpty()) {
        return Optional.of(child);
      }
      Optional<Path> inside = foreignIn(child, childShape.get());
      if (inside.isPresent()) {
        return inside;
      }
    }
    return Optional.empty();
  }

  /**
   * Deletes every owned entry but the tool's own prefixed files (the lock, the manifest), after
   * checking that none holds a foreign file; entries the tool does not own stay as they are.
   *
   * @throws UserException naming the first foreign file inside an owned entry
   */
  public void deleteOwned(String why) {
    List<Path> owned = entries(dir).stream().filter(e -> owns(name(e))).toList();
    for (Path entry : owned) {
      if (!name(entry).startsWith(AtomicFiles.PREFIX)) {
        foreignIn(entry, layout.of(name(entry)).orElseThrow())
            .ifPresent(
                p -> {
                  throw new UserException(dir + ": holds " + p + ", which " + why);
                });
      }
    }
    for (Path entry : owned) {
      if (!name(entry).startsWith(AtomicFiles.PREFIX)) {
        AtomicFiles.deleteRecursively(entry);
      }
    }
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  private static List<Path> entries(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
