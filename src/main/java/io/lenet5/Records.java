package io.lenet5;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/** Copies of records with one component replaced, for their {@code withX} methods. */
public final class Records {
  private Records() {}

  /**
   * A copy of {@code record} with {@code component} set to {@code value}, built by the canonical
   * constructor so it is validated like any other; a new component needs no edit in the callers.
   *
   * @throws IllegalArgumentException if the record has no such component
   */
  public static <R extends Record> R with(R record, String component, Object value) {
    @SuppressWarnings("unchecked")
    Class<R> type = (Class<R>) record.getClass();
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    boolean found = false;
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        boolean replaced = components[i].getName().equals(component);
        found |= replaced;
        values[i] = replaced ? value : components[i].getAccessor().invoke(record);
      }
      if (!found) {
        throw new IllegalArgumentException(
            type.getSimpleName() + " has no component '" + component + "'");
      }
      return type.getDeclaredConstructor(types).newInstance(values);
    } catch (InvocationTargetException e) {
      // The constructor's own validation error (a UserException) reaches the caller unwrapped.
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot copy " + type.getSimpleName() + " with " + component, e);
    }
  }

  /** The value of {@code component} in {@code record}. */
  public static Object get(Record record, RecordComponent component) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component.getName(), e);
    }
  }
}
