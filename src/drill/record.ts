/**
 * Calibration by real drills (issue 15 §6): `crm-guard drill ... --record results.yaml` reads the
 * drill history (one entry per completed drill sheet: measured durations per runbook step and
 * measured RPO/RTO per component, FIS experiment id optional), compares the latest drill of the
 * same scenario with the estimate, flags every measurement beyond the estimated worst case, and
 * suggests `drill.constants` overrides from all recorded measurements. Format: docs/drill.md
 * "Calibration".
 */
import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { InputError } from '../errors';
import { parseDurationText } from './config';
import { CONSTANT_NAMES, type ConstantName } from './constants';
import type { DrillReport } from './types';

export interface RecordedStep {
  step: number;
  /** When given, must equal the start of the runbook step's action (guards against a renumbered runbook). */
  action?: string;
  seconds: number;
}

export interface RecordedComponent {
  /** `stack:address` or `address`. */
  resource: string;
  rpoSeconds?: number;
  rtoSeconds?: number;
}

export interface RecordedDrill {
  date: string;
  scenario: string;
  fisExperiment?: string;
  steps: RecordedStep[];
  components: RecordedComponent[];
}

export type Verdict = 'within' | 'faster than best' | 'beyond worst';

export interface StepComparison {
  step: number;
  action: string;
  estimate: { best: number; typical: number; worst: number };
  measured: number;
  verdict: Verdict;
}

export interface ComponentComparison {
  resource: string;
  what: 'RPO' | 'RTO';
  estimate: { best: number | null; typical: number | null; worst: number | null };
  measured: number;
  verdict: Verdict;
}

export interface SuggestedOverride {
  constant: ConstantName;
  /** What the measurements suggest (seconds); `worst` never below the largest measurement. */
  typical: number;
  worst: number;
  measurements: number;
  source: string;
}

export interface Calibration {
  scenario: string;
  drill: { date: string; fisExperiment: string | null };
  history: number;
  steps: StepComparison[];
  components: ComponentComparison[];
  beyondWorst: number;
  suggestions: SuggestedOverride[];
}

function fail(file: string, doc: Document, lines: LineCounter, path: (string | number)[], message: string): never {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const pos = node?.range ? lines.linePos(node.range[0]) : undefined;
  const where = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
  throw new InputError(`${where ? `${where}: ` : ''}${message}`, { file: pos ? `${file}:${pos.line}` : file, hint: 'history format: docs/drill.md "Calibration"' });
}

function duration(file: string, doc: Document, lines: LineCounter, path: (string | number)[], v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  const s = typeof v === 'string' ? parseDurationText(v.trim()) : undefined;
  if (s === undefined) fail(file, doc, lines, path, `${JSON.stringify(v)} is not a duration (seconds, or 90s, 15m, 1h30m)`);
  return s;
}

function only(file: string, doc: Document, lines: LineCounter, path: (string | number)[], obj: Record<string, unknown>, allowed: string[]): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail(file, doc, lines, [...path, k], `unknown field "${k}" (expected ${allowed.join(', ')})`);
}

/** Reads and validates the history file; every problem names the file, line and field. */
export function readHistory(file: string, content?: string): RecordedDrill[] {
  let text = content;
  if (text === undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read the drill history: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file });
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new InputError(`not valid YAML: ${e.message.split('\n')[0]}`, { file: `${file}:${e.linePos?.[0]?.line ?? 1}` });
  }
  const root = doc.toJS() as unknown;
  if (!root || typeof root !== 'object' || Array.isArray(root) || !isMap(doc.contents)) fail(file, doc, lines, [], 'expected a mapping with a `drills:` list');
  only(file, doc, lines, [], root as Record<string, unknown>, ['drills']);
  const drills = (root as Record<string, unknown>).drills;
  if (!Array.isArray(drills) || drills.length === 0 || !isSeq(doc.get('drills'))) fail(file, doc, lines, ['drills'], 'expected a non-empty list of drills');
  return drills.map((d, i): RecordedDrill => {
    const p = ['drills', i];
    if (!d || typeof d !== 'object' || Array.isArray(d)) fail(file, doc, lines, p, 'expected a mapping');
    const o = d as Record<string, unknown>;
    only(file, doc, lines, p, o, ['date', 'scenario', 'fis_experiment', 'steps', 'components']);
    const date = o.date instanceof Date ? o.date.toISOString().slice(0, 10) : o.date;
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) fail(file, doc, lines, [...p, 'date'], 'expected a date YYYY-MM-DD');
    if (typeof o.scenario !== 'string' || !/^(region|az|data|account)(:.+)?$/.test(o.scenario)) fail(file, doc, lines, [...p, 'scenario'], 'expected the --lose value of the drill (region:NAME, az:NAME, data:corruption, account:ID)');
    if (o.fis_experiment !== undefined && (typeof o.fis_experiment !== 'string' || !/^EXP[0-9A-Za-z]+$/.test(o.fis_experiment))) fail(file, doc, lines, [...p, 'fis_experiment'], 'expected an AWS FIS experiment id (EXP...)');
    const steps = o.steps ?? [];
    const components = o.components ?? [];
    if (!Array.isArray(steps)) fail(file, doc, lines, [...p, 'steps'], 'expected a list');
    if (!Array.isArray(components)) fail(file, doc, lines, [...p, 'components'], 'expected a list');
    if (steps.length + components.length === 0) fail(file, doc, lines, p, 'records no step and no component measurement');
    return {
      date,
      scenario: o.scenario,
      ...(typeof o.fis_experiment === 'string' ? { fisExperiment: o.fis_experiment } : {}),
      steps: steps.map((s, j): RecordedStep => {
        const sp = [...p, 'steps', j];
        if (!s || typeof s !== 'object' || Array.isArray(s)) fail(file, doc, lines, sp, 'expected a mapping with step and duration');
        const so = s as Record<string, unknown>;
        only(file, doc, lines, sp, so, ['step', 'action', 'duration']);
        if (typeof so.step !== 'number' || !Number.isInteger(so.step) || so.step < 1) fail(file, doc, lines, [...sp, 'step'], 'expected a runbook step number');
        if (so.action !== undefined && typeof so.action !== 'string') fail(file, doc, lines, [...sp, 'action'], 'expected text');
        return { step: so.step, ...(typeof so.action === 'string' ? { action: so.action } : {}), seconds: duration(file, doc, lines, [...sp, 'duration'], so.duration) };
      }),
      components: components.map((c, j): RecordedComponent => {
        const cp = [...p, 'components', j];
        if (!c || typeof c !== 'object' || Array.isArray(c)) fail(file, doc, lines, cp, 'expected a mapping with resource, rpo and/or rto');
        const co = c as Record<string, unknown>;
        only(file, doc, lines, cp, co, ['resource', 'rpo', 'rto']);
        if (typeof co.resource !== 'string' || co.resource === '') fail(file, doc, lines, [...cp, 'resource'], 'expected a component address (stack:address or address)');
        if (co.rpo === undefined && co.rto === undefined) fail(file, doc, lines, cp, 'expected rpo and/or rto');
        return {
          resource: co.resource,
          ...(co.rpo !== undefined ? { rpoSeconds: duration(file, doc, lines, [...cp, 'rpo'], co.rpo) } : {}),
          ...(co.rto !== undefined ? { rtoSeconds: duration(file, doc, lines, [...cp, 'rto'], co.rto) } : {}),
        };
      }),
    };
  });
}

function verdict(measured: number, best: number | null, worst: number | null): Verdict {
  if (worst !== null && measured > worst) return 'beyond worst';
  if (best !== null && measured < best) return 'faster than best';
  return 'within';
}

const MIN_TO_NARROW = 3;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Compares the latest recorded drill of the report's scenario with the estimate. */
export function calibrate(report: DrillReport, history: readonly RecordedDrill[], file: string): Calibration {
  const same = history.filter((d) => d.scenario === report.scenario.lose);
  if (same.length === 0) {
    throw new InputError(`no recorded drill of ${report.scenario.lose} (recorded: ${[...new Set(history.map((d) => d.scenario))].join(', ')})`, { file, hint: 'record the drill with the same --lose value' });
  }
  const latest = [...same].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))[same.length - 1];
  const steps = new Map(report.runbook.map((s) => [s.step, s]));
  const stepOf = (d: RecordedDrill, r: RecordedStep) => {
    const s = steps.get(r.step);
    if (!s) throw new InputError(`drill of ${d.date}: step ${r.step} is not in the runbook of this input (1-${report.runbook.length})`, { file });
    if (r.action !== undefined && !s.action.startsWith(r.action)) throw new InputError(`drill of ${d.date}: step ${r.step} was "${r.action}", the runbook's step ${r.step} is "${s.action}": the runbook changed, renumber the record`, { file });
    return s;
  };
  const componentOf = (d: RecordedDrill, resource: string) => {
    const hits = report.components.filter((c) => `${c.stack}:${c.resource}` === resource || c.resource === resource);
    if (hits.length !== 1) throw new InputError(`drill of ${d.date}: component ${resource} ${hits.length === 0 ? 'is not in this input' : 'is ambiguous: use stack:address'}`, { file });
    return hits[0];
  };
  const stepRows: StepComparison[] = latest.steps.map((r) => {
    const s = stepOf(latest, r);
    return { step: r.step, action: s.action, estimate: { best: s.estimate.best, typical: s.estimate.typical, worst: s.estimate.worst }, measured: r.seconds, verdict: verdict(r.seconds, s.estimate.best, s.estimate.worst) };
  });
  const componentRows: ComponentComparison[] = [];
  for (const r of latest.components) {
    const c = componentOf(latest, r.resource);
    for (const [what, measured] of [['RPO', r.rpoSeconds], ['RTO', r.rtoSeconds]] as const) {
      if (measured === undefined) continue;
      const e = what === 'RPO' ? c.rpo : c.rto;
      componentRows.push({ resource: `${c.stack}:${c.resource}`, what, estimate: { best: e.best, typical: e.typical, worst: e.worst }, measured, verdict: verdict(measured, e.best, e.worst) });
    }
  }
  // Overrides: a step made of one constant measures that constant; every recorded drill of the scenario counts.
  const samples = new Map<ConstantName, number[]>();
  const current = new Map<ConstantName, number>();
  for (const d of same) {
    for (const r of d.steps) {
      const s = stepOf(d, r);
      if (s.estimate.terms.length !== 1) continue;
      const name = s.estimate.terms[0] as ConstantName;
      if (!CONSTANT_NAMES.includes(name)) continue;
      current.set(name, s.estimate.worst);
      const list = samples.get(name) ?? [];
      list.push(r.seconds);
      samples.set(name, list);
    }
  }
  const suggestions: SuggestedOverride[] = [...samples.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    // Fewer than three drills do not justify narrowing the worst case: it only widens then.
    .map(([constant, xs]) => ({ constant, typical: median(xs), worst: xs.length >= MIN_TO_NARROW ? Math.max(...xs) : Math.max(...xs, current.get(constant) ?? 0), measurements: xs.length, source: `${xs.length} recorded drill${xs.length === 1 ? '' : 's'} of ${report.scenario.lose}, latest ${latest.date}` }));
  return {
    scenario: report.scenario.lose,
    drill: { date: latest.date, fisExperiment: latest.fisExperiment ?? null },
    history: same.length,
    steps: stepRows,
    components: componentRows,
    beyondWorst: [...stepRows, ...componentRows].filter((r) => r.verdict === 'beyond worst').length,
    suggestions,
  };
}
