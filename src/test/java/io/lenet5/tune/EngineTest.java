package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.UserException;
import org.junit.jupiter.api.Test;

/** Engines by name, and the one-line error when an engine's classes are missing. */
class EngineTest {
  @Test
  void parsesTheNamesUsersWrite() {
    assertEquals(Engine.LOCAL, Engine.parse("local"));
    assertEquals(Engine.SPARK, Engine.parse("spark"));
    UserException e = assertThrows(UserException.class, () -> Engine.parse("ray"));
    assertEquals("expected one of local, spark, got 'ray'", e.getMessage());
  }

  @Test
  void aMissingExecutorClassIsTheEnginesMessage() {
    UserException e =
        assertThrows(
            UserException.class,
            () -> Engine.open("io.lenet5.nowhere.MissingExecutor", "spark is missing", null));
    assertEquals("spark is missing", e.getMessage());
  }

  @Test
  void aClassThatIsNoExecutorIsRefused() {
    assertThrows(ClassCastException.class, () -> Engine.open("java.lang.String", "x", null));
  }
}
