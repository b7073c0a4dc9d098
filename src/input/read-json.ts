import { readFileSync } from 'node:fs';
import { InputError } from '../errors';

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

/** Parses JSON text; a syntax error names the file, line and column. */
export function parseJson(text: string, file: string): unknown {
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
