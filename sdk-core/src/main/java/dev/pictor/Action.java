package dev.pictor;

import java.util.Locale;

/** What a request asks a model to do. Each {@link ModelSpec} lists the actions it supports. Immutable and thread-safe. */
public enum Action {
  /** Text to image. */
  CREATE,
  /** One or more input images plus an instruction. */
  EDIT,
  /** Enlarge one input image by a factor. */
  UPSCALE,
  /** Cut the subject of one input image out of its background. */
  REMOVE_BACKGROUND;

  /** The lowercase name used in the CLI, the JobStore and JSON: {@code create}, {@code remove-background}. */
  public String wireName() {
    return wire;
  }

  private final String wire = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** Parses {@link #wireName()} (case-insensitive, {@code _} or {@code -}). */
  public static Action fromWireName(String name) {
    for (Action a : values()) {
      if (a.wireName().equalsIgnoreCase(name.replace('_', '-'))) return a;
    }
    throw new InvalidRequestException(
        "action", "action '" + name + "' is not one of create, edit, upscale, remove-background");
  }
}
