/** Shared test helpers: one synthesized reference app per test file, CLI capture, JSON mutation. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../src/cli/main';
import { buildApp } from '../stacks/app';

/** The temporary directories this test file made: removed once its tests have run. */
const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'crm-guard-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

let synthesized: Promise<string> | undefined;

/** Synthesizes the reference app once per test file; resolves to the cdktf.out directory. */
export function referenceOut(): Promise<string> {
  if (!synthesized) {
    const outdir = path.join(tempDir(), 'cdktf.out');
    buildApp({ outdir }).synth();
    synthesized = Promise.resolve(outdir);
  }
  return synthesized;
}

export async function primaryStackFile(): Promise<string> {
  return path.join(await referenceOut(), 'stacks', 'crm-primary', 'cdk.tf.json');
}

export type TfJson = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  provider: Record<string, Record<string, unknown>[]>;
  terraform: Record<string, unknown> & { required_providers: Record<string, Record<string, unknown>> };
  [k: string]: unknown;
};

export async function primaryStackJson(): Promise<TfJson> {
  return JSON.parse(readFileSync(await primaryStackFile(), 'utf8')) as TfJson;
}

/** The resource of a type created at a construct path: [logical name, body]. */
export function at(doc: TfJson, type: string, constructPath: string): [string, Record<string, unknown>] {
  const entries = Object.entries(doc.resource[type] ?? {}).filter(([, body]) => (body['//'] as { metadata?: { path?: string } } | undefined)?.metadata?.path === constructPath);
  if (entries.length !== 1) throw new Error(`expected one ${type} at ${constructPath}, found ${entries.length}`);
  return entries[0];
}

/** The reference deployment's primary CRM database and attachments bucket. */
export const PRIMARY_DB = 'crm-primary/database/instance';
export const ATTACHMENTS_BUCKET = 'crm-primary/primary/attachments/bucket';

/** Writes a document to a temp `stacks/<stack>/cdk.tf.json` so the stack name stays stable. */
export function writeStack(doc: unknown, stack = 'crm-primary'): string {
  const file = path.join(tempDir(), 'stacks', stack, 'cdk.tf.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return file;
}

/**
 * A copy of the synthesized reference app (cdktf.out) with one stack's document replaced; the app's
 * stacks are joined when checked, so a stack of it is checked with its cross-stack references.
 */
export async function writeApp(doc: unknown, stack = 'crm-primary'): Promise<string> {
  const dir = path.join(tempDir(), 'cdktf.out');
  cpSync(await referenceOut(), dir, { recursive: true });
  writeFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], stdin = '', cwd?: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: () => stdin,
    color: false,
    ...(cwd !== undefined ? { cwd } : {}),
  });
  return { code, stdout, stderr };
}

/**
 * The source of a team rule in the LOG family (`crm.rules.logging.<name>`), with the package
 * METADATA every team rule needs; `body` follows `import data.crm.lib.tf`.
 */
export function teamLoggingRule(rule: { name: string; id: string; title: string; description: string; remediation: string; control?: string; body: string }): string {
  return `# METADATA
# title: ${rule.title}
# description: ${rule.description}
# scope: package
# custom:
#   id: ${rule.id}
#   severity: low
#   family: LOG
#   controls:
#     iso27001-2022: ["${rule.control ?? 'A.8.15'}"]
#   remediation: ${rule.remediation}
package crm.rules.logging.${rule.name}

import data.crm.lib.tf

${rule.body}`;
}
