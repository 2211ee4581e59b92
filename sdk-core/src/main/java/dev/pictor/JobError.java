package dev.pictor;

/**
 * Why a job did not succeed: a short classification ({@code invalid_request}, {@code provider},
 * {@code job_failed}, {@code timeout}, {@code canceled}, {@code unknown_outcome}, ...), the provider's
 * own code when it sent one, and a message that never contains a token.
 *
 * <p>Immutable and thread-safe.
 */
public record JobError(String type, String code, String message) {}
