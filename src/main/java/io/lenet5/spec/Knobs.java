package io.lenet5.spec;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lenet5.Json;
import io.lenet5.UserException;
import io.lenet5.model.ModelConfig;
import io.lenet5.train.TrainingConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies sampled hyperparameters to a training spec. A knob is named after the field it sets in
 * the spec's {@code model} or {@code training} section, so every field those sections have is a
 * knob, validated by the same records, with no per-knob code.
 */
public final class Knobs {
  /** Fields the tuner itself sets per trial, so a search space may not. */
  private static final Set<String> OWNED_BY_TUNER = Set.of("epochs", "decayEpochs");

  /** Fields the data set fixes: the commands set them from the data they load. */
  private static final Set<String> SET_BY_DATA = Set.of("imageHeight", "imageWidth", "classes");

  private Knobs() {}

  /** Every knob name, sorted. */
  public static Set<String> names() {
    Set<String> names = new TreeSet<>(fields().keySet());
    names.removeAll(OWNED_BY_TUNER);
    return names;
  }

  /**
   * A field of the model or training section.
   *
   * @param defaultValue its value in {@link TrainSpec#DEFAULT}, as JSON
   * @param type its Java type
   * @param description what it sets, from its {@code @JsonPropertyDescription}
   */
  public record Field(String name, JsonNode defaultValue, Class<?> type, String description) {}

  /**
   * Every field of the model and training sections that the defaults set, in spec order; the
   * tuner's own fields included, those the data set fixes left out.
   */
  public static Map<String, Field> fields() {
    Map<String, Field> fields = new LinkedHashMap<>();
    for (Object section : List.of(ModelConfig.DEFAULT, TrainingConfig.DEFAULT)) {
      BeanDescription bean =
          Json.MAPPER
              .getSerializationConfig()
              .introspect(Json.MAPPER.constructType(section.getClass()));
      for (BeanPropertyDefinition p : bean.findProperties()) {
        Object defaultValue = p.getAccessor().getValue(section);
        if (defaultValue != null && !SET_BY_DATA.contains(p.getName())) {
          JsonNode value = Json.MAPPER.valueToTree(defaultValue);
          fields.put(
              p.getName(),
              new Field(
                  p.getName(), value, p.getRawPrimaryType(), p.getMetadata().getDescription()));
        }
      }
    }
    return fields;
  }

  private static boolean isModelField(String name) {
    return Arrays.stream(ModelConfig.class.getRecordComponents())
        .anyMatch(c -> c.getName().equals(name));
  }

  /** Checks a knob name; the error suggests the nearest known one. */
  public static void checkName(String name) {
    if (!names().contains(name)) {
      String nearest = Json.nearest(name, List.copyOf(names()));
      throw new UserException(
          "name: unknown knob '"
              + name
              + "'"
              + (nearest == null ? "" : "; did you mean '" + nearest + "'?")
              + " (known: "
              + String.join(", ", names())
              + ")");
    }
  }

  /** The spec with each hyperparameter written into its section, validated. */
  public static TrainSpec apply(TrainSpec base, Map<String, Object> hyperparameters) {
    ObjectNode tree = Json.MAPPER.valueToTree(base);
    for (Map.Entry<String, Object> e : hyperparameters.entrySet()) {
      String section = isModelField(e.getKey()) ? "model" : "training";
      ((ObjectNode) tree.get(section)).set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
    }
    try {
      return Json.MAPPER.treeToValue(tree, TrainSpec.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserException(Json.describe(e), e);
    }
  }
}
