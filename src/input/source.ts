/** One PATH argument of `check`/`drill`, read once, and the contract every input format implements. */
import * as path from 'node:path';
import type { InputError } from '../errors';
import type { InputFormat, NormalizedModel } from '../model/types';
import { assertNoRepeatedNames, terraformJsonFromText, type JsonTextScan } from './json-keys';
import { parseJsonScanned } from './read-json';

/** `maxBytes`: the size limit of every file read for this source (the file itself, stacks, modules). */
export type InputSource =
  | { kind: 'directory'; path: string; maxBytes: number }
  | { kind: 'file'; path: string; text: string; maxBytes: number }
  | { kind: 'stdin'; path: '-'; text: string; maxBytes: number; name?: string };

/** How module calls are read (HCL and CDKTF stacks that call modules), and what limits apply. */
export interface ModuleOptions {
  /**
   * `error` (default): the run stops with exit 2 and says to run `terraform init` or check the
   * plan JSON; `finding`: the call is reported as a finding (CRM-SUP-003) and the rest is checked.
   */
  unavailableModules?: 'error' | 'finding';
  /** Root variable values as `-var name=value` gives them (HCL; highest precedence). */
  variables?: Record<string, string>;
  /** Variable files as `-var-file` gives them, in order (HCL; after terraform.tfvars and *.auto.tfvars). */
  varFiles?: string[];
  /** The environment `TF_VAR_name` values are read from (HCL; lowest precedence); none when absent. */
  environment?: Record<string, string | undefined>;
  /** Size limit of every file read (modules, tfvars, manifests); the source's own `maxBytes`. */
  maxBytes?: number;
  /** Told the wall time spent building models from parsed sources (`check --profile`'s normalize phase). */
  onNormalized?: (ms: number) => void;
}

/** Runs `build`, telling `options.onNormalized` how long it took. */
export async function timedNormalize<T>(options: Pick<ModuleOptions, 'onNormalized'>, build: () => T | Promise<T>): Promise<T> {
  if (!options.onNormalized) return build();
  const t = performance.now();
  try {
    return await build();
  } finally {
    options.onNormalized(performance.now() - t);
  }
}

/** One input format: content-based detection and a loader (behind the registry in formats.ts). */
export interface FormatLoader {
  name: InputFormat;
  /** What the user passes, for help and error hints. */
  describes: string;
  /** True when the content is this format (never decided by a file name alone). */
  detect(source: InputSource): boolean;
  /** Normalized models, one per stack; a precise InputError when the content does not fit. */
  load(source: InputSource, options?: ModuleOptions): Promise<NormalizedModel[]>;
}

/** The file a source is or stands for (standard input named with `--stdin-filename`); undefined for unnamed standard input. */
export function namedFile(source: InputSource): string | undefined {
  return source.kind === 'stdin' ? source.name : source.path;
}

/** The name files and errors use for a source: the file it is or stands for, else `<stdin>`. */
export function sourceName(source: InputSource): string {
  return namedFile(source) ?? '<stdin>';
}

const parsed = new WeakMap<InputSource, { doc: unknown; scan: JsonTextScan } | { error: InputError }>();

/**
 * The source parsed as JSON (once, shared by the detectors; repeated names not yet checked) with
 * the scan of its text, or the parse error.
 */
export function jsonOf(source: InputSource): { doc: unknown; scan: JsonTextScan } | { error: InputError } {
  if (source.kind === 'directory') throw new Error('jsonOf: a directory has no JSON content');
  let r = parsed.get(source);
  if (!r) {
    try {
      r = parseJsonScanned(source.text, sourceName(source));
    } catch (e) {
      r = { error: e as InputError };
    }
    parsed.set(source, r);
  }
  return r;
}

/** The parsed JSON document (a repeated property name is an error), or the parse error thrown. */
export function jsonDocument(source: InputSource): unknown {
  const r = jsonOf(source);
  if ('error' in r) throw r.error;
  if (source.kind !== 'directory') assertNoRepeatedNames(source.text, sourceName(source), r);
  return r.doc;
}

/** The source read as Terraform JSON configuration, with HCL-JSON semantics for repeated names. */
export function terraformJsonDocument(source: InputSource): unknown {
  const r = jsonOf(source);
  if ('error' in r) throw r.error;
  if (source.kind === 'directory') throw new Error('terraformJsonDocument: a directory has no JSON content');
  return terraformJsonFromText(source.text, sourceName(source), r.doc, r.scan);
}

/** True when the text starts like JSON (so a `.tf` file holding JSON is not taken for HCL). */
export function looksLikeJsonText(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

/** Directory the source's relative paths (local module sources) are read from. */
export function baseDirectory(source: InputSource): string {
  if (source.kind === 'directory') return source.path;
  return source.kind === 'file' ? path.dirname(source.path) : '.';
}
