/**
 * Extension points for provider modules and job stores: {@link dev.pictor.spi.GenerationProvider},
 * {@link dev.pictor.spi.JobStore}, and what they exchange with the core. Supported and versioned;
 * methods added after 1.0 are default methods.
 */
package dev.pictor.spi;
