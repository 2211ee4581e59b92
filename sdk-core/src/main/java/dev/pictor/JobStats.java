package dev.pictor;

import java.time.Duration;
import java.util.Optional;

/**
 * One row of {@link GenerationClient#stats}: how many jobs of one action, model and status there were
 * since a time, and their average queue and processing times (empty when none was measured).
 *
 * <p>Immutable and thread-safe.
 */
public record JobStats(
    Action action,
    String model,
    JobStatus status,
    long count,
    Optional<Duration> averageQueue,
    Optional<Duration> averageProcessing) {}
