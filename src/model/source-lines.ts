/**
 * The lines of a model's blocks in its JSON source, recorded while the source was read (the one
 * scan of its text, src/input/json-keys.ts), so src/check/locate.ts need not read and parse the
 * file again. Kept beside the model, not in it: the model is what the policies read.
 *
 * Keys as locate looks them up: for Terraform JSON `<type>.<name>`, `data.<type>.<name>`,
 * `provider.<name>`, `terraform`; for a plan, resource addresses.
 */
import type { NormalizedModel } from './types';

const recorded = new WeakMap<NormalizedModel, ReadonlyMap<string, number>>();

/** Records the block lines of the file `model.source`, as read when the model was built. */
export function recordSourceLines(model: NormalizedModel, lines: ReadonlyMap<string, number>): void {
  recorded.set(model, lines);
}

/** The block lines recorded for the model, or undefined (locate then reads the file). */
export function sourceLinesOf(model: NormalizedModel): ReadonlyMap<string, number> | undefined {
  return recorded.get(model);
}

/** A model derived from another one (same source, same stack) keeps its recorded lines. */
export function keepSourceLines(from: NormalizedModel, to: NormalizedModel): NormalizedModel {
  const lines = recorded.get(from);
  if (lines) recorded.set(to, lines);
  return to;
}
