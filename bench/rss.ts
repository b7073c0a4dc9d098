/**
 * Peak RSS of a measured Node process without /usr/bin/time: the process is started with
 * `-r <preload>`, and the preload, on the main thread's `exit`, writes
 * `process.resourceUsage().maxRSS` (KiB, the whole process: worker threads share it) to the file
 * named by CRM_GUARD_BENCH_RSS_FILE. `exit` also fires on process.exit(), so the CLI's exit codes
 * are covered; a process killed by a signal writes nothing, and its RSS is reported as unknown.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const RSS_FILE_ENV = 'CRM_GUARD_BENCH_RSS_FILE';

/**
 * The preload's source. Worker threads inherit `-r` through execArgv; they must not write (a
 * worker ending early would leave a value the main thread then has to overwrite), so only the
 * main thread registers. A failed write must not change the measured process's exit code.
 */
export const RSS_PRELOAD_SOURCE = `'use strict';
// crm-guard bench: writes this process's peak RSS (KiB) to $${RSS_FILE_ENV} on exit.
const file = process.env.${RSS_FILE_ENV};
if (file && require('node:worker_threads').isMainThread) {
  process.on('exit', () => {
    try {
      require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS) + '\\n');
    } catch {
      // the bench reports the RSS as unknown
    }
  });
}
`;

/** Writes the preload into `dir` and returns its path (for `node -r`). */
export function writeRssPreload(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'rss-preload.js');
  writeFileSync(file, RSS_PRELOAD_SOURCE);
  return file;
}

/** The KiB the preload wrote, or null when the file is missing or not a positive whole number. */
export function readMaxRssKiB(file: string): number | null {
  let textValue: string;
  try {
    textValue = readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
  return /^\d+$/.test(textValue) && Number(textValue) > 0 ? Number(textValue) : null;
}
