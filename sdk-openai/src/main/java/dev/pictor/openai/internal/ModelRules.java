package dev.pictor.openai.internal;

import dev.pictor.Money;
import java.util.List;

/**
 * One model's rules as the fact sheet gives them (section 4): its sizes, whether it takes any
 * {@code WxH}, whether it edits, its quality values, prompt limit and prices. Immutable.
 *
 * @param id the model name sent as {@code model}
 * @param family which family's fields the model takes
 * @param sizes the standard sizes, largest share of the catalogue first; {@code auto} is not listed
 * @param anySize whether any {@code WxH} within {@link Geometry}'s limits is allowed (gpt-image-2)
 * @param edits whether {@code /images/edits} takes it
 * @param inputFidelity whether edits take {@code input_fidelity}
 * @param qualities the {@code quality} values
 * @param maxPrompt the longest prompt, in characters
 * @param prices what an answer costs
 * @param estimate the catalogue's price of one image, before the call
 */
public record ModelRules(String id, Family family, List<Size> sizes, boolean anySize, boolean edits,
    boolean inputFidelity, List<String> qualities, int maxPrompt, Prices prices, Money estimate) {

  /** The families whose fields differ. */
  public enum Family {
    /** gpt-image-*: base64 answers, {@code usage}, background, output format and compression, moderation. */
    GPT_IMAGE,
    /** dall-e-3: one image a request, {@code style}, {@code response_format}. */
    DALL_E_3,
    /** dall-e-2: squares only; edits take one square PNG. */
    DALL_E_2
  }

  public boolean gptImage() {
    return family == Family.GPT_IMAGE;
  }

  /** Whether {@code size} is one of the standard sizes. */
  boolean standard(Size size) {
    return sizes.contains(size);
  }

  /** The size the model makes when none is asked for, for prices and crops: its first standard size. */
  Size defaultSize() {
    return sizes.get(0);
  }

  /** The standard sizes as {@code WxH}, for messages. */
  String sizeList() {
    StringBuilder sb = new StringBuilder();
    for (Size s : sizes) sb.append(sb.length() == 0 ? "" : ", ").append(s.wire());
    return sb.toString();
  }
}
