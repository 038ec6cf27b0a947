package io.lenet5;

/**
 * A mistake the user can fix: a bad flag, a corrupt file, a malformed spec. The CLI prints its
 * message on one line, without a stack trace, and exits with status 2.
 */
public class UserException extends RuntimeException {
  /** Longest echo of a received value in a message; a longer one is cut. */
  public static final int MAX_ECHO = 100;

  /**
   * Creates the error; the message names the field or file, what was expected and what was found.
   */
  public UserException(String message) {
    super(message);
  }

  /** Creates the error with its underlying cause, kept for debugging only. */
  public UserException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A received value as a message shows it: cut to {@value #MAX_ECHO} characters, so that a huge
   * value gives a one-line error of readable size.
   */
  public static String shown(Object value) {
    String s = String.valueOf(value);
    if (s.length() <= MAX_ECHO) {
      return s;
    }
    return s.substring(0, MAX_ECHO) + "... (" + s.length() + " characters)";
  }
}
