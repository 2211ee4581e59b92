package dev.pictor.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options {@code generate} and {@code batch} share, exactly as the design fixes them. */
final class CommonOptions {
  @Option(names = "--provider", required = true, paramLabel = "P",
      description = "replicate, runpod, openai, or sandbox (in-JVM, offline, needs no model or prompt)")
  String provider;

  @Option(names = "--simulate",
      description = "Run the real provider code against its simulator in this process; needs no token")
  boolean simulate;

  @Option(names = "--model", paramLabel = "M", description = "A model id from the provider's catalogue")
  String model;

  @Option(names = "--prompt", paramLabel = "P", description = "What to make, or the edit instruction")
  String prompt;

  @Option(names = "--action", paramLabel = "A",
      description = "create, edit, upscale or remove-background; default create, or edit when images are given")
  String action;

  @Option(names = "--image", paramLabel = "FILE", description = "An input image (JPEG, PNG, WEBP); repeatable")
  List<Path> images = new ArrayList<>();

  @Option(names = "--aspect-ratio", paramLabel = "R", description = "Such as 1:1, 16:9, 4:5")
  String aspectRatio;

  @Option(names = "--seed", paramLabel = "N", description = "The seed (with --count, item i gets N+i)")
  Long seed;

  @Option(names = "--param", paramLabel = "k=v", description = "A model parameter by the provider's name; repeatable")
  List<String> params = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Where output files go, named {job}-{n}.{ext} with the extension of the bytes received")
  Path out;

  @Option(names = "--base-url", paramLabel = "URL", description = "The provider's API base, as the provider documents it")
  String baseUrl;

  @Option(names = "--token", paramLabel = "T",
      description = "An API token; repeat for a token pool. Default: the provider's environment variable")
  List<String> tokens = new ArrayList<>();

  @Option(names = "--endpoint", paramLabel = "ID", description = "RunPod: the endpoint id, which names the model")
  String endpoint;

  @Option(names = "--store", paramLabel = "URL",
      description = "Where jobs are kept: memory, jdbc:h2:... or jdbc:postgresql:...; default an H2 file under ./.pictor/, "
          + "so 'pictor jobs resume' can continue an interrupted run")
  String store;

  /** Whether any input image was given with {@code --image}. */
  boolean hasImages() {
    return !images.isEmpty();
  }
}
