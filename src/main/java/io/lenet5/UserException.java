package io.lenet5;

/**
 * A mistake the user can fix: a bad flag, a corrupt file, a malformed spec. The CLI prints its
 * message on one line, without a stack trace, and exits with status 2.
 */
public class UserException extends RuntimeException {
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
}
