/**
 * The one registry of input formats: detection from content, and the loader for each format.
 * Adding a format is one new `format-<name>.ts`, one line here and its name in format-names.ts.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { InputError, UsageError } from '../errors';
import { isObject, looksLikeTerraformJson } from '../model/normalize-cdktf';
import type { NormalizedModel } from '../model/types';
import { INPUT_FORMAT_CHOICES, INPUT_FORMATS, type InputFormatChoice } from './format-names';
import { cdktfFormat } from './format-cdktf';
import { hclFormat } from './format-hcl';
import { planFormat } from './format-plan';
import { DEFAULT_MAX_INPUT_BYTES, readText } from './read-json';
import { jsonOf, sourceName, type FormatLoader, type InputSource, type ModuleOptions } from './source';

/** Detection order: a directory is CDKTF output before HCL; a JSON document is a plan before config. */
const FORMATS: readonly FormatLoader[] = [cdktfFormat, planFormat, hclFormat];

if (FORMATS.map((f) => f.name).join() !== INPUT_FORMATS.join()) {
  throw new Error(`input formats: the registry (${FORMATS.map((f) => f.name).join(', ')}) and format-names.ts (${INPUT_FORMATS.join(', ')}) disagree`);
}
export { INPUT_FORMAT_CHOICES, INPUT_FORMATS, type InputFormatChoice };

export function getInputFormat(name: string): FormatLoader {
  const f = FORMATS.find((x) => x.name === name);
  if (!f) throw new UsageError(`unknown input format ${JSON.stringify(name)}`, { hint: `expected one of ${INPUT_FORMAT_CHOICES.join(', ')}` });
  return f;
}

/** Reads a PATH argument (`-` is standard input) once, for detection and loading. */
export function readSource(p: string, readStdin: ((maxBytes: number) => string) | undefined, maxBytes: number = DEFAULT_MAX_INPUT_BYTES, stdinName?: string): InputSource {
  if (p === '-') {
    if (!readStdin) throw new InputError('standard input is not available', { file: '-' });
    const text = readStdin(maxBytes);
    if (Buffer.byteLength(text) > maxBytes) throw new InputError(`standard input is larger than the input size limit of ${maxBytes} bytes`, { file: '-' });
    return { kind: 'stdin', path: '-', text, maxBytes, ...(stdinName !== undefined ? { name: stdinName } : {}) };
  }
  if (!existsSync(p)) throw new InputError('no such file or directory', { file: p });
  if (statSync(p).isDirectory()) return { kind: 'directory', path: p, maxBytes };
  return { kind: 'file', path: p, text: readText(p, maxBytes), maxBytes };
}

/** The format of a source, from its content; a precise InputError when it is none of them. */
export function detectFormat(source: InputSource): FormatLoader {
  const found = FORMATS.find((f) => f.detect(source));
  if (found) return found;
  throw unrecognized(source);
}

export async function loadSource(source: InputSource, format: InputFormatChoice = 'auto', options: ModuleOptions = {}): Promise<NormalizedModel[]> {
  const loader = format === 'auto' ? detectFormat(source) : getInputFormat(format);
  return loader.load(source, options);
}

const EXPECTED = FORMATS.map((f) => f.describes).join('; ');

function unrecognized(source: InputSource): InputError {
  const file = sourceName(source);
  if (source.kind === 'directory') {
    const empty = readdirSync(source.path).length === 0;
    return new InputError(empty ? 'directory is empty' : 'directory is not a CDKTF output (no manifest.json), and holds no cdk.tf.json and no .tf files', {
      file,
      hint: `expected ${EXPECTED}`,
    });
  }
  const r = jsonOf(source);
  if ('error' in r) {
    // Not JSON: say so (with line and column), and how to pass HCL.
    return new InputError(r.error.message, {
      file,
      hint: source.kind === 'stdin' ? 'HCL on stdin needs --input-format hcl' : 'for HCL, pass a directory of .tf files (or a file named *.tf)',
    });
  }
  if (!isObject(r.doc)) {
    return new InputError(`expected a Terraform JSON document (a JSON object), found ${r.doc === null ? 'null' : Array.isArray(r.doc) ? 'an array' : `a ${typeof r.doc}`}`, {
      file,
      path: '$',
      hint: `expected ${EXPECTED}`,
    });
  }
  const odd = Object.keys(r.doc).find((k) => k !== '//' && !looksLikeTerraformJson({ [k]: {} }));
  return new InputError(
    odd === undefined
      ? 'not a recognized input: a JSON object with no Terraform configuration section and no "format_version"'
      : `not a recognized input: not Terraform JSON configuration (unexpected top-level key ${JSON.stringify(odd)}) and not a Terraform plan (no "format_version")`,
    { file, path: odd ? `$.${odd}` : '$', hint: `expected ${EXPECTED}` },
  );
}
