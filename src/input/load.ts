/**
 * Resolves the PATH arguments of `check`/`drill` into normalized models, one per stack.
 * Formats are detected from content, never from a file name alone.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors';
import { isObject, normalizeCdktf } from '../model/normalize-cdktf';
import type { NormalizedModel } from '../model/types';
import { parseJson, readJson } from './read-json';

export interface LoadOptions {
  /** Reads standard input for the path `-`. */
  readStdin?: () => string;
}

export function loadInputs(paths: readonly string[], options: LoadOptions = {}): NormalizedModel[] {
  if (paths.length === 0) throw new InputError('no input given', { hint: 'pass a cdktf.out directory, a cdk.tf.json file, or - for JSON on stdin' });
  const models: NormalizedModel[] = [];
  for (const p of paths) models.push(...loadPath(p, options));
  const seen = new Map<string, string>();
  for (const m of models) {
    const prev = seen.get(m.stack);
    if (prev !== undefined) {
      throw new InputError(`stack name "${m.stack}" is given twice (also from ${prev}); findings are keyed by stack, so each stack must be checked once`, { file: m.source });
    }
    seen.set(m.stack, m.source);
  }
  return models;
}

function loadPath(p: string, options: LoadOptions): NormalizedModel[] {
  if (p === '-') {
    if (!options.readStdin) throw new InputError('standard input is not available', { file: '-' });
    return [loadJsonDocument(parseJson(options.readStdin(), '<stdin>'), '<stdin>', 'stdin')];
  }
  if (!existsSync(p)) throw new InputError('no such file or directory', { file: p });
  if (statSync(p).isDirectory()) return loadDirectory(p);
  return [loadJsonDocument(readJson(p), p, stackNameForFile(p))];
}

function loadDirectory(dir: string): NormalizedModel[] {
  const manifest = path.join(dir, 'manifest.json');
  if (existsSync(manifest)) return loadCdktfOut(dir, manifest);
  const single = path.join(dir, 'cdk.tf.json');
  if (existsSync(single)) return [loadJsonDocument(readJson(single), single, stackNameForFile(single))];
  const entries = readdirSync(dir);
  throw new InputError(
    entries.length === 0 ? 'directory is empty' : 'directory is not a CDKTF output (no manifest.json) and holds no cdk.tf.json',
    { file: dir, hint: 'pass the cdktf.out directory written by `crm-guard synth`, or a cdk.tf.json file' },
  );
}

/** A `cdktf.out` directory: every stack listed in its manifest. */
function loadCdktfOut(dir: string, manifestFile: string): NormalizedModel[] {
  const manifest = readJson(manifestFile);
  if (!isObject(manifest) || !isObject(manifest.stacks)) {
    throw new InputError('not a CDKTF manifest: expected an object with a "stacks" object', { file: manifestFile, path: '$.stacks' });
  }
  const names = Object.keys(manifest.stacks).sort();
  if (names.length === 0) throw new InputError('the manifest lists no stacks', { file: manifestFile, path: '$.stacks' });
  return names.map((name) => {
    const entry = (manifest.stacks as Record<string, unknown>)[name];
    const rel = isObject(entry) ? entry.synthesizedStackPath : undefined;
    if (typeof rel !== 'string') {
      throw new InputError(`stack "${name}" has no synthesizedStackPath`, { file: manifestFile, path: `$.stacks.${name}.synthesizedStackPath` });
    }
    const file = path.join(dir, rel);
    if (!existsSync(file)) {
      throw new InputError(`stack "${name}" is listed in the manifest but its file ${rel} is missing`, {
        file: manifestFile,
        path: `$.stacks.${name}.synthesizedStackPath`,
        hint: 're-run `crm-guard synth`',
      });
    }
    return normalizeCdktf(readJson(file), file, name);
  });
}

/** One JSON document: today Terraform JSON (CDKTF); the CDKTF normalizer names what is wrong otherwise. */
function loadJsonDocument(doc: unknown, file: string, stack: string): NormalizedModel {
  return normalizeCdktf(doc, file, stack);
}

/** `cdktf.out/stacks/<name>/cdk.tf.json` → `<name>`; otherwise the file name without extensions. */
function stackNameForFile(file: string): string {
  const base = path.basename(file);
  if (base === 'cdk.tf.json') return path.basename(path.dirname(path.resolve(file)));
  return base.replace(/\.tf\.json$|\.json$/, '');
}

