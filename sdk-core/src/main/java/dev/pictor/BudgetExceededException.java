package dev.pictor;

/**
 * Submitting the work would take spending past the budget the caller set; nothing was submitted.
 * Immutable once thrown and safe to pass between threads.
 */
public class BudgetExceededException extends GenerationException {
  private static final long serialVersionUID = 1L;

  public BudgetExceededException(String message) {
    super(message);
  }
}
