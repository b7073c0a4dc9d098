import { readFileSync } from 'node:fs';
import { InputError } from '../errors';
import { assertNoRepeatedNames, checkJsonDepth, terraformJsonFromText } from './json-keys';

/** Reads a file, naming it in every error. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new InputError(`cannot read file: ${why}`, { file });
  }
}

/**
 * Parses JSON text where a repeated property name is an error (JSON.parse alone would keep the
 * last and hide the rest); a syntax error names the file, line and column.
 */
export function parseJson(text: string, file: string): unknown {
  const doc = parseJsonSyntax(text, file);
  assertNoRepeatedNames(text, file);
  return doc;
}

/** Parses Terraform JSON configuration with HCL-JSON semantics (repeated blocks merge; see json-keys.ts). */
export function parseTerraformJson(text: string, file: string): unknown {
  return terraformJsonFromText(text, file, parseJsonSyntax(text, file));
}

/** JSON.parse with the file, line and column in its error, and nesting bounded. */
export function parseJsonSyntax(text: string, file: string): unknown {
  checkJsonDepth(text, file);
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = '';
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      where = ` at line ${line}, column ${offset - before.lastIndexOf('\n')}${offset >= text.trimEnd().length ? ' (the file ends early: is it truncated?)' : ''}`;
    } else if (/Unexpected end of JSON input/.test(msg)) {
      where = ' (the file ends early: is it truncated?)';
    }
    throw new InputError(`invalid JSON${where}: ${msg}`, { file });
  }
}

export function readJson(file: string): unknown {
  return parseJson(readText(file), file);
}

export function readTerraformJson(file: string): unknown {
  return parseTerraformJson(readText(file), file);
}
