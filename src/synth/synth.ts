/**
 * Runs the reference CDKTF app in-process (no cdktf-cli). cdktf is loaded only here and only
 * when synth is asked for, so the policy layer never depends on it.
 */
import * as path from 'node:path';
import { InputError } from '../errors';
import { readJson } from '../input/read-json';

export interface SynthOptions {
  /** Output directory (default `cdktf.out`). */
  outdir?: string;
}

export interface SynthResult {
  outdir: string;
  stacks: string[];
}

export async function synthReference(options: SynthOptions = {}): Promise<SynthResult> {
  const outdir = path.resolve(options.outdir ?? 'cdktf.out');
  const { buildApp } = await import('../../stacks/app');
  buildApp({ outdir }).synth();
  const manifest = readJson(path.join(outdir, 'manifest.json')) as { stacks?: Record<string, unknown> };
  if (!manifest.stacks) throw new InputError('synthesis wrote no stacks', { file: path.join(outdir, 'manifest.json') });
  return { outdir, stacks: Object.keys(manifest.stacks).sort() };
}
