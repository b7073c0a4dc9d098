/**
 * Baselines: the findings a team has accepted for now. `check --write-baseline FILE` records the
 * current findings; `check --baseline FILE` marks each finding `new` or `existing`, lets only new
 * ones block, and lists the recorded ones that are gone (`fixed`).
 *
 * The file is JSON, sorted and free of timestamps, so re-recording an unchanged state gives the same
 * bytes and a review diff shows exactly what was accepted or fixed.
 */
import { readFileSync } from 'node:fs';
import { lazyValidator } from '../lazy-validator';
import { assembleReport, partsOf, type Finding, type Report } from '../check/report';
import { ConfigError } from '../errors';
import { fingerprintOf } from './fingerprint';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  stack: string;
  resource: string;
}

export interface Baseline {
  version: 1;
  tool: 'crm-guard';
  /** Sorted by stack, resource, rule; one entry per fingerprint. */
  findings: BaselineEntry[];
}

/** How the run compares with a baseline (part of the report). */
export interface BaselineComparison {
  /** The baseline file as named by the user (or `<memory>` for a baseline passed as an object). */
  file: string;
  /** Entries recorded for the stacks of this run. */
  entries: number;
  /** Entries for stacks this run did not check: neither matched nor counted as fixed. */
  otherStacks: number;
  /** Entries of the checked stacks that no longer occur. */
  fixed: BaselineEntry[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.stack, b.stack) || cmp(a.resource, b.resource) || cmp(a.ruleId, b.ruleId);
}

/** The baseline that accepts every finding of a report (waived ones included: waivers expire). */
export function baselineOf(report: Report): Baseline {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const f of report.findings) {
    byFingerprint.set(f.fingerprint, { fingerprint: f.fingerprint, ruleId: f.ruleId, stack: f.stack, resource: f.resource });
  }
  return { version: 1, tool: 'crm-guard', findings: [...byFingerprint.values()].sort(compareEntries) };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify({ version: baseline.version, tool: baseline.tool, findings: baseline.findings.map((e) => ({ fingerprint: e.fingerprint, ruleId: e.ruleId, stack: e.stack, resource: e.resource })) }, null, 2)}\n`;
}

const baselineSchema = {
  type: 'object',
  required: ['version', 'tool', 'findings'],
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    tool: { const: 'crm-guard' },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['fingerprint', 'ruleId', 'stack', 'resource'],
        additionalProperties: false,
        properties: {
          fingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          ruleId: { type: 'string', minLength: 1 },
          stack: { type: 'string', minLength: 1 },
          resource: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

const baselineValidator = lazyValidator(baselineSchema);

/** Parses and validates a baseline document; every problem is collected, each with its JSON path. */
export function parseBaseline(text: string, file: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`baseline is not valid JSON: ${(e as Error).message}`, { file, hint: 'write one with `crm-guard check --write-baseline FILE`' });
  }
  const problems: string[] = [];
  const validateBaseline = baselineValidator();
  if (!validateBaseline(doc)) {
    for (const e of validateBaseline.errors ?? []) {
      const where = `$${e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')}`;
      problems.push(e.keyword === 'additionalProperties' ? `${where}: unknown key "${String(e.params.additionalProperty)}"` : `${where}: ${e.message}`);
    }
  } else {
    (doc as Baseline).findings.forEach((e, i) => {
      if (fingerprintOf(e) !== e.fingerprint) problems.push(`$.findings[${i}].fingerprint: does not match ruleId/stack/resource (edited by hand?)`);
    });
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid baseline: ${problems.join('; ')}`, { file, hint: 're-record it with `crm-guard check --write-baseline FILE`' });
  }
  return doc as Baseline;
}

export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read the baseline: ${(e as Error).message}`, { file });
  }
  return parseBaseline(text, file);
}

/**
 * Marks every finding `new` or `existing` and re-assembles the report (blocking and counts follow).
 * Entries of stacks not in this run are left aside, so checking one stack never reports the others'
 * entries as fixed.
 */
export function applyBaseline(report: Report, baseline: Baseline, file = '<memory>'): Report {
  const checked = new Set(report.stacks.map((s) => s.name));
  const inScope = baseline.findings.filter((e) => checked.has(e.stack));
  const known = new Set(inScope.map((e) => e.fingerprint));
  const current = new Set(report.findings.map((f) => f.fingerprint));
  const findings: Finding[] = report.findings.map((f) => ({ ...f, baseline: known.has(f.fingerprint) ? 'existing' : 'new' }));
  const comparison: BaselineComparison = {
    file,
    entries: inScope.length,
    otherStacks: baseline.findings.length - inScope.length,
    fixed: inScope.filter((e) => !current.has(e.fingerprint)).sort(compareEntries),
  };
  return assembleReport({ ...partsOf(report), findings, baseline: comparison });
}
