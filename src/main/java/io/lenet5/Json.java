package io.lenet5;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The project's one JSON codec: every spec, record, report, trial file and checkpoint header is
 * read and written here. Reading is strict and turns Jackson's errors into one line that names the
 * file, the JSON path, what was expected and what was found; files are written in one pretty
 * format; {@link #canonical} gives the key-sorted compact text that fingerprints hash.
 */
public final class Json {
  /**
   * Strict mapper: unknown fields, duplicate keys, trailing tokens, nulls for numbers, numbers for
   * enums and fractions for integers are errors. Integers without a declared type read as Long, so
   * values such as a trial's hyperparameters read back equal to what was written. No default
   * typing: polymorphic types name their subtypes.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .enable(DeserializationFeature.USE_LONG_FOR_INTS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .addModule(new SimpleModule().setSerializerModifier(new DefaultsLeftOut()))
          .build();

  /** Two-space indent, {@code "key": value}, one array element per line, "\n" everywhere. */
  private static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private static final ObjectWriter CANONICAL =
      MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** The largest spec file read. */
  static final int MAX_FILE_BYTES = 16 << 20;

  private static final Pattern FIELD_FIRST = Pattern.compile("[a-z][A-Za-z0-9]*[:\\[.]");

  private Json() {}

  /** Reads {@code file} as {@code type}; every problem is a one-line {@link UserException}. */
  public static <T> T read(Path file, Class<T> type) {
    try {
      return nonNull(MAPPER.readValue(readBounded(file), type), file.toString());
    } catch (NoSuchFileException e) {
      throw new UserException(file + ": file not found");
    } catch (JsonProcessingException e) {
      throw new UserException(file + ": " + describe(e), e);
    } catch (IOException e) {
      throw new UserException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Parses JSON text; errors are described as for files, naming {@code source}. */
  public static <T> T parse(String json, Class<T> type, String source) {
    return parse(json.getBytes(StandardCharsets.UTF_8), type, source);
  }

  /** Parses UTF-8 JSON bytes; errors are described as for files, naming {@code source}. */
  public static <T> T parse(byte[] json, Class<T> type, String source) {
    try {
      return nonNull(MAPPER.readValue(json, type), source);
    } catch (JsonProcessingException e) {
      throw new UserException(source + ": " + describe(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory cannot fail", e);
    }
  }

  /** Reads at most {@link #MAX_FILE_BYTES}: a spec is small, and a device file never ends. */
  private static byte[] readBounded(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new UserException(
            file + ": expected a spec of at most " + (MAX_FILE_BYTES >> 20) + " MB, found more");
      }
      return bytes;
    }
  }

  /** The JSON literal {@code null} parses to no value at all. */
  private static <T> T nonNull(T value, String source) {
    if (value == null) {
      throw new UserException(source + ": expected a JSON object, got null");
    }
    return value;
  }

  /** Leaves out the {@link OmittedAtDefault} fields that hold their record's default. */
  private static final class DefaultsLeftOut extends BeanSerializerModifier {
    @Override
    public List<BeanPropertyWriter> changeProperties(
        SerializationConfig config, BeanDescription bean, List<BeanPropertyWriter> writers) {
      List<BeanPropertyWriter> changed = new ArrayList<>(writers);
      for (int i = 0; i < changed.size(); i++) {
        BeanPropertyWriter writer = changed.get(i);
        if (writer.getAnnotation(OmittedAtDefault.class) != null) {
          changed.set(i, new UnlessDefault(writer, defaultOf(bean.getBeanClass(), writer)));
        }
      }
      return changed;
    }

    private static Object defaultOf(Class<?> type, BeanPropertyWriter writer) {
      try {
        return writer.get(type.getField("DEFAULT").get(null));
      } catch (Exception e) {
        throw new IllegalStateException(
            type.getSimpleName() + "." + writer.getName() + ": @OmittedAtDefault needs DEFAULT", e);
      }
    }
  }

  private static final class UnlessDefault extends BeanPropertyWriter {
    private final Object defaultValue;

    UnlessDefault(BeanPropertyWriter base, Object defaultValue) {
      super(base);
      this.defaultValue = defaultValue;
    }

    @Override
    public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider provider)
        throws Exception {
      if (!Objects.equals(get(bean), defaultValue)) {
        super.serializeAsField(bean, gen, provider);
      }
    }
  }

  /** Compact UTF-8 JSON, for JSON embedded in other files (checkpoint headers, archives). */
  public static byte[] compact(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * The canonical text of a JSON tree: object keys sorted at every level, no whitespace, numbers as
   * Jackson writes them. Two trees that differ only in key order have the same text.
   */
  public static String canonical(JsonNode tree) {
    try {
      // Key ordering applies to maps, not to JSON trees, hence the detour through plain objects.
      return CANONICAL.writeValueAsString(MAPPER.convertValue(tree, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Pretty-printed JSON of any value, ending in a newline: the format of every JSON file. */
  public static String write(Object value) {
    try {
      return PRETTY.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** One line for a Jackson error: the JSON path, what was expected and what was found. */
  public static String describe(JsonProcessingException e) {
    UserException cause = userCause(e);
    if (e instanceof UnrecognizedPropertyException u) {
      String path = path(u);
      String name = UserException.shown(u.getPropertyName());
      String suggestion = nearest(name, u.getKnownPropertyIds());
      return "unknown field '"
          + path
          + "'"
          + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?")
          + " (known: "
          + u.getKnownPropertyIds().stream()
              .map(String::valueOf)
              .sorted()
              .collect(Collectors.joining(", "))
          + ")";
    }
    if (cause != null) {
      String message = cause.getMessage();
      String path = e instanceof JsonMappingException m ? path(m) : "";
      if (path.isEmpty() || message.startsWith(path)) {
        return message;
      }
      // "min: must be > 0" raised inside searchSpace[1] reads best as "searchSpace[1].min: ..."
      return path + (FIELD_FIRST.matcher(message).lookingAt() ? "." : ": ") + message;
    }
    if (e instanceof MismatchedInputException m) {
      String path = path(m);
      return (path.isEmpty() ? "" : path + ": ")
          + "expected "
          + expected(m.getTargetType())
          + ", got "
          + found(m)
          + where(m.getLocation());
    }
    return UserException.shown(firstLine(e.getOriginalMessage())) + where(e.getLocation());
  }

  private static UserException userCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UserException u) {
        return u;
      }
    }
    return null;
  }

  /** Dotted path such as {@code training.batchSize} or {@code searchSpace[1].min}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "a different value";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class || type == float.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class || type.isEnum()) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  private static String found(MismatchedInputException m) {
    if (m instanceof InvalidFormatException f) {
      Object value = f.getValue();
      return value instanceof String
          ? "the string \"" + UserException.shown(value) + "\""
          : UserException.shown(value);
    }
    String message = m.getOriginalMessage();
    int from = message.indexOf("from ");
    if (message.contains("Missing required creator property")) {
      return "nothing (the field is required)";
    }
    if (from >= 0) {
      return UserException.shown(firstLine(message.substring(from + 5)));
    }
    return UserException.shown(firstLine(message));
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 0
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String firstLine(String s) {
    int newline = s.indexOf('\n');
    return newline < 0 ? s : s.substring(0, newline);
  }

  /** The known name closest to {@code name} by edit distance, if close enough to be a typo. */
  public static String nearest(String name, Collection<Object> known) {
    return known.stream()
        .map(String::valueOf)
        .filter(
            k -> distance(k.toLowerCase(), name.toLowerCase()) <= Math.max(2, name.length() / 3))
        .min(Comparator.comparingInt((String k) -> distance(k.toLowerCase(), name.toLowerCase())))
        .orElse(null);
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
