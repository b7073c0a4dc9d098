/**
 * Long fuzz runs: `npm run fuzz -- --runs 100000 [--seed N] [--evaluate-every N]`. Prints the
 * figures and exits 1 on any untyped exception, hang or conservation violation (the first few
 * are printed with their input).
 */
import * as path from 'node:path';
import { repositorySeeds, runFuzz } from './fuzz';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function positive(name: string, fallback: number): number {
  const v = arg(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} expects a positive whole number, got ${JSON.stringify(v)}`);
  return n;
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const runs = positive('--runs', 1000);
  const seed = arg('--seed') === undefined ? Date.now() % 2 ** 31 : positive('--seed', 1);
  const started = Date.now();
  const stats = await runFuzz({ runs, seed, evaluateEvery: positive('--evaluate-every', 25), ...repositorySeeds(root) });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz: ${stats.cases} cases (seed ${seed}) in ${seconds} s: ${stats.loaded} loaded, ${stats.inputErrors} typed input/engine errors, ${stats.evaluated} evaluated; ` +
      `${stats.untyped.length} untyped exceptions, ${stats.hangs.length} hangs, ${stats.conservation.length} conservation violations`,
  );
  for (const x of [...stats.untyped, ...stats.hangs].slice(0, 5)) console.log(`\n--- ${x.error}\n${x.input}`);
  for (const x of stats.conservation.slice(0, 5)) console.log(`\n--- conservation: missing ${x.missing.join(', ')}; extra ${x.extra.join(', ')}\n${x.input}`);
  process.exitCode = stats.untyped.length + stats.hangs.length + stats.conservation.length > 0 ? 1 : 0;
}

void main();
