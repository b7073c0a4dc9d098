/**
 * The waivers file (YAML): `--waivers FILE`, or `crm-guard.waivers.yaml` found in the working
 * directory. Validated as a whole with ajv: every problem is collected, and each names the waiver
 * (index and rule) and the field.
 *
 *   waivers:
 *     - rule: CRM-ENC-004
 *       resource: aws_db_instance.legacy_*      # address or glob
 *       stack: crm-primary                      # optional
 *       reason: migrating to an encrypted snapshot copy (CHG-1234)
 *       owner: team-data@example.com
 *       expires: 2025-12-31                     # last day it applies
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject } from 'ajv';
import { lazyValidator } from '../lazy-validator';
import { yaml } from '../lazy-modules';
import { ConfigError } from '../errors';
import { WAIVERS_FILE_NAME, type Waiver, type WaiverSource } from './types';

export { WAIVERS_FILE_NAME };

const nonEmpty = { type: 'string', pattern: '\\S' };
export const RULE_ID_PATTERN = '^[A-Za-z][A-Za-z0-9]*-[A-Za-z]{3}-[0-9]{3}$';
const DATE_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

export const waiverFileSchema = {
  type: 'object',
  required: ['waivers'],
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    waivers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['rule', 'resource', 'reason', 'owner', 'expires'],
        additionalProperties: false,
        properties: {
          rule: { type: 'string', pattern: RULE_ID_PATTERN },
          resource: nonEmpty,
          stack: nonEmpty,
          reason: nonEmpty,
          owner: nonEmpty,
          expires: { type: 'string', pattern: DATE_PATTERN },
        },
      },
    },
  },
} as const;

const fileValidator = lazyValidator(waiverFileSchema);

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  if (!new RegExp(DATE_PATTERN).test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** `waivers[2] (CRM-ENC-004)`: how every message names a waiver. */
function waiverLabel(doc: unknown, index: number): string {
  const w = (doc as { waivers?: unknown[] })?.waivers?.[index] as { rule?: unknown } | undefined;
  const rule = typeof w?.rule === 'string' && w.rule.trim() ? w.rule.trim() : 'no rule';
  return `waivers[${index}] (${rule})`;
}

function describeError(e: ErrorObject, doc: unknown): string {
  const segs = e.instancePath.split('/').slice(1);
  if (segs[0] !== 'waivers' || segs.length < 2) {
    if (e.keyword === 'required') return `missing the "${String(e.params.missingProperty)}" list`;
    if (e.keyword === 'additionalProperties') return `unknown top-level key "${String(e.params.additionalProperty)}" (expected "waivers")`;
    return `${segs.join('.') || '(top level)'}: ${e.message}`;
  }
  const label = waiverLabel(doc, Number(segs[1]));
  const field = segs[2];
  switch (e.keyword) {
    case 'required':
      return `${label}: missing required field "${String(e.params.missingProperty)}"`;
    case 'additionalProperties':
      return `${label}: unknown field "${String(e.params.additionalProperty)}" (allowed: rule, resource, stack, reason, owner, expires)`;
    case 'pattern':
      if (field === 'expires') return `${label}: field "expires" must be a date YYYY-MM-DD`;
      if (field === 'rule') return `${label}: field "rule" must be a rule id such as CRM-ENC-004`;
      return `${label}: field "${field}" must not be empty`;
    case 'type':
      return field ? `${label}: field "${field}" ${e.message}` : `${label}: ${e.message}`;
    default:
      return field ? `${label}: field "${field}" ${e.message}` : `${label}: ${e.message}`;
  }
}

/** Parses and validates a waivers document; throws one ConfigError listing every problem. */
export function parseWaiverFile(text: string, file: string): Waiver[] {
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (e) {
    throw new ConfigError(`invalid YAML: ${(e as Error).message}`, { file });
  }
  if (doc === null || doc === undefined) return [];
  const problems: string[] = [];
  const validateFile = fileValidator();
  if (!validateFile(doc)) {
    for (const e of validateFile.errors ?? []) problems.push(describeError(e, doc));
  }
  const items = Array.isArray((doc as { waivers?: unknown })?.waivers) ? ((doc as { waivers: unknown[] }).waivers) : [];
  items.forEach((w, i) => {
    const expires = (w as { expires?: unknown })?.expires;
    if (typeof expires === 'string' && new RegExp(DATE_PATTERN).test(expires) && !isCalendarDate(expires)) {
      problems.push(`${waiverLabel(doc, i)}: field "expires" is not a calendar date (${expires})`);
    }
  });
  if (problems.length > 0) {
    // Grouped by waiver (stable within one), so each waiver's problems read together.
    const index = (p: string): number => Number(/^waivers\[(\d+)\]/.exec(p)?.[1] ?? -1);
    const sorted = [...new Set(problems)].map((p, i) => ({ p, i })).sort((a, b) => index(a.p) - index(b.p) || a.i - b.i).map((x) => x.p);
    throw new ConfigError(`invalid waivers: ${sorted.join('; ')}`, {
      file,
      hint: 'each waiver needs rule, resource, reason, owner and expires (YYYY-MM-DD); stack is optional',
    });
  }
  return (doc as { waivers: Record<string, string>[] }).waivers.map((w, index) => ({
    id: `${file}#waivers[${index}]`,
    origin: { kind: 'file', file, index },
    rule: w.rule.trim().toUpperCase(),
    resource: w.resource.trim(),
    ...(w.stack !== undefined ? { stack: w.stack.trim() } : {}),
    reason: w.reason.trim(),
    owner: w.owner.trim(),
    expires: w.expires,
  }));
}

/** Reads a waivers file; `label` is how reports and waiver ids name it (default: the path). */
export function loadWaiverFile(file: string, label = file): Waiver[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read the waivers file: ${(e as Error).message}`, { file });
  }
  return parseWaiverFile(text, label);
}

/** A waivers file as a waiver source. */
export function waiverFileSource(file: string): WaiverSource {
  return { name: file, load: () => loadWaiverFile(file) };
}

/**
 * `crm-guard.waivers.yaml` in `dir`, if present. Named relative to `dir` so reports stay the same
 * on every machine.
 */
export function discoverWaiverFile(dir: string): WaiverSource | null {
  const file = path.join(dir, WAIVERS_FILE_NAME);
  if (!existsSync(file)) return null;
  return { name: WAIVERS_FILE_NAME, load: () => loadWaiverFile(file, WAIVERS_FILE_NAME) };
}
