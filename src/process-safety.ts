/**
 * What the CLI process does at its edges so that no failure looks like a pass or leaves debris:
 * reports are written atomically, a closed or full stdout is exit 2 with a message, and SIGINT /
 * SIGTERM remove temporary directories before the process ends.
 */
import { closeSync, openSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from './errors';

/**
 * Writes `text` to `file` through a temporary file in the same directory and a rename: readers
 * (a CI step uploading SARIF) see the old file or the whole new one, never a truncated one; two
 * writers do not interleave. A full disk (ENOSPC) or any other write error is an InputError.
 *
 * The file is not fsync'ed before the rename: the rename alone gives readers the whole file, and a
 * report is output that the next run writes again, not data to keep through a power loss. The
 * fsync cost a 10,000-resource check 13–16 ms of waiting on this project's machine (more on slower
 * CI disks), in every run.
 */
export function writeFileAtomic(file: string, text: string | readonly string[], what: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    // One string is written in one call (Node encodes and writes it natively: a 12 MB report took
    // a third longer through a Buffer and a write loop); parts are encoded, each in its own
    // representation (a one-byte string is copied, not transcoded), through one reused buffer.
    if (typeof text === 'string') writeFileSync(fd, text);
    else writeParts(fd, text);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created, or is already gone
    }
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'no space left on the device' : (e as Error).message;
    throw new InputError(`cannot write the ${what}: ${why}`, { file, hint: 'nothing was written: the previous file, if any, is unchanged' });
  }
}

/**
 * Writes the UTF-8 of the concatenation of `parts` to `fd` through one buffer of PART_BUFFER_BYTES,
 * written out whenever the next part may not fit. A buffer the size of the whole report would be
 * fresh memory touched once, a page fault per 4 KiB page (a 9.3 MB report: ~2,300 faults, ~11 ms
 * on this project's machine); this one is faulted in once and reused.
 */
function writeParts(fd: number, parts: readonly string[]): void {
  const buf = Buffer.allocUnsafeSlow(PART_BUFFER_BYTES);
  let at = 0;
  for (const p of parts) {
    // At most 3 bytes of UTF-8 per UTF-16 unit.
    if (at > 0 && 3 * p.length > buf.length - at) {
      writeAll(fd, buf, at);
      at = 0;
    }
    if (3 * p.length > buf.length) writeFileSync(fd, p);
    else at += buf.write(p, at);
  }
  if (at > 0) writeAll(fd, buf, at);
}

const PART_BUFFER_BYTES = 1 << 20;

/** writeSync until all `length` bytes of `buf` are written (a write may take fewer). */
function writeAll(fd: number, buf: Buffer, length: number): void {
  for (let done = 0; done < length; ) done += writeSync(fd, buf, done, length - done);
}

const cleanups = new Set<string>();

/** Registers a temporary directory to remove if the process is interrupted; returns the unregister call. */
export function removeOnInterrupt(dir: string): () => void {
  cleanups.add(dir);
  return () => cleanups.delete(dir);
}

let installed = false;

/**
 * For the CLI process only: SIGINT/SIGTERM remove registered temporary directories and end the
 * process (130 / 143); a write error on stdout (EPIPE: the reader went away; ENOSPC) ends it
 * with exit 2 and one line on stderr instead of a stack trace.
 */
export function installProcessSafety(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      for (const dir of cleanups) rmSync(dir, { recursive: true, force: true });
      process.stderr.write(`crm-guard: interrupted (${signal})\n`);
      process.exit(code);
    });
  }
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    const why = e.code === 'EPIPE' ? 'standard output was closed before the report was written (EPIPE)' : `cannot write to standard output: ${e.message}`;
    try {
      process.stderr.write(`crm-guard: error: ${why}\n`);
    } catch {
      // stderr is gone too: the exit code still says it
    }
    process.exit(2);
  });
}
