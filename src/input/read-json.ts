import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors';
import { assertNoRepeatedNames, namesInDocument, terraformJsonFromText, type JsonTextScan } from './json-keys';
import { startJsonTextScan } from './scan-thread';
import { lineAt } from '../source/line-index';

/** Default upper bound of one input file (`maxInputBytes`): far above any real configuration or plan. */
export const DEFAULT_MAX_INPUT_BYTES = 512 * 1024 * 1024;

/**
 * Reads an input file, naming it in every error. Only a regular file is read (a device such as
 * /dev/zero never ends, a FIFO blocks), and never more than `maxBytes`: the check is on the open
 * descriptor, and the read stops at the limit even if the file grows meanwhile.
 */
export function readText(file: string, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer before it can be refused.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw cannotRead(file, e);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError('cannot read file: is a directory', { file });
    if (!st.isFile()) {
      throw new InputError(`not a regular file (${st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'a special file'})`, {
        file,
        hint: 'pass the file itself; to pipe a document, use - (standard input)',
      });
    }
    if (st.size > maxBytes) throw tooLarge(file, maxBytes);
    const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n > maxBytes) throw tooLarge(file, maxBytes);
      if (n === buf.length) break;
    }
    return buf.subarray(0, n).toString('utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw cannotRead(file, e);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads standard input up to `maxBytes` (a larger input, e.g. `< /dev/zero`, is an InputError as
 * soon as the limit is passed, not after reading it all).
 */
export function readStdinBounded(maxBytes: number = DEFAULT_MAX_INPUT_BYTES, fd = 0): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.allocUnsafe(1 << 16);
  for (;;) {
    let got: number;
    try {
      got = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        // A non-blocking stdin with no data yet: wait briefly, then read again.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      throw cannotRead('-', e);
    }
    if (got === 0) break;
    total += got;
    if (total > maxBytes) throw new InputError(`standard input is larger than the input size limit of ${maxBytes} bytes`, { file: '-', hint: 'raise the limit with --max-input-bytes if the input is genuine' });
    chunks.push(Buffer.from(buf.subarray(0, got)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function cannotRead(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
  return new InputError(`cannot read file: ${why}`, { file });
}

function tooLarge(file: string, maxBytes: number): InputError {
  return new InputError(`file is larger than the input size limit of ${maxBytes} bytes`, { file, hint: 'raise the limit with --max-input-bytes (library: maxInputBytes) if the file is genuine' });
}

/**
 * Parses JSON text where a repeated property name is an error (JSON.parse alone would keep the
 * last and hide the rest); a syntax error names the file, line and column.
 */
export function parseJson(text: string, file: string): unknown {
  const parsed = parseJsonScanned(text, file);
  assertNoRepeatedNames(text, file, parsed);
  return parsed.doc;
}

/** Parses Terraform JSON configuration with HCL-JSON semantics (repeated blocks merge; see json-keys.ts). */
export function parseTerraformJson(text: string, file: string): unknown {
  return parseTerraformJsonScanned(text, file).doc;
}

/** parseTerraformJson, with the scan of the text (the lines of its blocks). */
export function parseTerraformJsonScanned(text: string, file: string): { doc: unknown; scan: JsonTextScan } {
  const { doc, scan } = parseJsonScanned(text, file);
  return { doc: terraformJsonFromText(text, file, doc, scan), scan };
}

/**
 * JSON.parse with the file, line and column in its error, after the one scan of the text
 * (json-keys.ts scanJsonText: nesting bounded, names counted, block lines recorded).
 */
export function parseJsonScanned(text: string, file: string): { doc: unknown; scan: JsonTextScan } {
  // A large text is scanned on a helper thread while JSON.parse reads it here (scan-thread.ts).
  // The scan's verdict comes first, as if it had run first: a document nested too deep is that
  // error whether or not it parses (JSON.parse reads any depth without recursion, in time and
  // memory of the order of a shallow text of the same size; the walks after it are recursive).
  const scanned = startJsonTextScan(text, file);
  let doc: unknown;
  let error: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    error = e;
  }
  // Counted here while the scan may still run (the repeated-name test reads the count later).
  if (error === undefined) namesInDocument(doc);
  const scan = scanned();
  if (error === undefined) return { doc, scan };
  const msg = (error as Error).message;
  const pos = /position (\d+)/.exec(msg);
  let where = '';
  if (pos) {
    const offset = Number(pos[1]);
    const before = text.slice(0, offset);
    where = ` at line ${lineAt(text, offset)}, column ${offset - before.lastIndexOf('\n')}${offset >= text.trimEnd().length ? ' (the file ends early: is it truncated?)' : ''}`;
  } else if (/Unexpected end of JSON input/.test(msg)) {
    where = ' (the file ends early: is it truncated?)';
  }
  throw new InputError(`invalid JSON${where}: ${msg}`, { file });
}

export function readJson(file: string, maxBytes?: number): unknown {
  return parseJson(readText(file, maxBytes), file);
}

export function readTerraformJson(file: string, maxBytes?: number): unknown {
  return parseTerraformJson(readText(file, maxBytes), file);
}

/** readTerraformJson, with the scan of the text (the lines of its blocks). */
export function readTerraformJsonScanned(file: string, maxBytes?: number): { doc: unknown; scan: JsonTextScan } {
  return parseTerraformJsonScanned(readText(file, maxBytes), file);
}
