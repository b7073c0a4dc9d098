/**
 * The same Rego on the same normalized model, evaluated by the OPA CLI (Go, `opa eval`), for a
 * side-by-side figure. The data document is the one the engine hands the wasm
 * (`{"config": <config>, "model": <evaluation view>}`), obtained through the library; the modules
 * are the bundle's sources (policies without tests) plus the generated entry module, so each
 * family's result is the list of findings the engine decodes.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../src/config/load';
import type { Catalog } from '../src/engine/catalog';
import { withoutUnreadFields } from '../src/engine/engine';
import { loadInputs } from '../src/input/load';
import { evaluationView } from '../src/model/join';
import { bundleSources, entryModule } from '../src/policy-build/build';

/** The pinned OPA of the repository (`npm run opa:install`), else the first `opa` on PATH, else null. */
export function findOpa(root: string): string | null {
  const pinned = path.join(root, '.tools', 'bin', 'opa');
  if (existsSync(pinned)) return pinned;
  return findOnPath('opa');
}

export function findOnPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export function opaVersionLine(opa: string): string {
  const out = execFileSync(opa, ['version'], { encoding: 'utf8' });
  return /^Version:\s*(\S+)/m.exec(out)?.[1] ?? out.split('\n')[0].trim();
}

/** `x := [data.crm.entry.<family>, …]` for the entry module's family entrypoints (`crm/entry/<family>`). */
export function familyQuery(entrypoints: readonly string[]): string {
  return `x := [${entrypoints.map((e) => `data.${e.replace(/\//g, '.')}`).join(', ')}]`;
}

export interface OpaEvalInput {
  /** Directory given to `opa eval --data`: data.json, entry.rego, policies/. */
  dir: string;
  query: string;
  families: number;
}

/**
 * Writes the evaluation directory for `inputFile` into `dir`. The bench's inputs are single
 * stacks; anything else is refused rather than compared unevenly.
 */
export async function prepareOpaEval(root: string, inputFile: string, dir: string): Promise<OpaEvalInput> {
  const models = await loadInputs([inputFile]);
  if (models.length !== 1) throw new Error(`opa eval comparison expects one stack in ${inputFile}, found ${models.length}`);
  mkdirSync(dir, { recursive: true });
  const catalog = JSON.parse(readFileSync(path.join(root, 'bundle', 'catalog.json'), 'utf8')) as Catalog;
  // The same model the wasm gets: without the resource fields no policy reads.
  const view = evaluationView(models[0]);
  const unread = catalog.unreadResourceFields ?? [];
  const resources = Object.fromEntries(Object.entries(view.resources).map(([a, r]) => [a, withoutUnreadFields(r, unread)]));
  writeFileSync(path.join(dir, 'data.json'), `{"config":${JSON.stringify(loadConfig())},"model":${JSON.stringify({ ...view, resources })}}`);
  const entry = entryModule(catalog.rules);
  writeFileSync(path.join(dir, 'entry.rego'), entry.source);
  const policiesDir = path.join(root, 'policies');
  for (const source of bundleSources(policiesDir)) {
    const target = path.join(dir, 'policies', path.relative(policiesDir, source));
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(source, target);
  }
  return { dir, query: familyQuery(entry.entrypoints), families: entry.entrypoints.length };
}

/** Findings in `opa eval --format json` output of the family query: the sum of the families' list lengths. */
export function countOpaFindings(output: string, families: number): number {
  const doc = JSON.parse(output) as { result?: Array<{ bindings?: { x?: unknown } }> };
  const x = doc.result?.[0]?.bindings?.x;
  if (!Array.isArray(x) || x.length !== families || !x.every(Array.isArray)) {
    throw new Error(`opa eval output has no list of ${families} family results (got ${JSON.stringify(x)?.slice(0, 200)})`);
  }
  return (x as unknown[][]).reduce((n, fam) => n + fam.length, 0);
}
