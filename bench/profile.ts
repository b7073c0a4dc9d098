/**
 * Reads the JSON that `crm-guard check --profile-output <file>` writes (version 1,
 * src/check/profile.ts):
 *
 *   {"version":1,"jobs":2,"resources":10000,"stacks":1,"ruleCount":122,
 *    "phases":{"startup":ms,"load":ms,"normalize":ms,"evaluate":ms,"report":ms,"output":ms,"total":ms},
 *    "workerMs":n,"modelLoadMs":n,"peakRssBytes":n,"families":[{"family":"encryption","ms":n,"rules":n}],
 *    "rules":[{"id":"CRM-ENC-001","family":"encryption","ms":n,"findings":n}]}
 *
 * Read from the outside and defensively: the rule count may also come as `rules: <number>`, a
 * family may name its bundle, unknown keys are ignored. A phase missing from the file stays
 * missing (reported as unavailable, never guessed); anything present but of the wrong shape is an
 * error, so a changed format is noticed rather than misread.
 */

export const PROFILE_PHASES = ['startup', 'load', 'normalize', 'evaluate', 'report', 'output', 'total'] as const;
export type ProfilePhase = (typeof PROFILE_PHASES)[number];

export interface FamilyTiming {
  family: string;
  ms: number;
  /** The bundle (baseline or a team's), when the profile names it. */
  bundle?: string;
}

export interface RuleTiming {
  id: string;
  ms: number;
  findings: number;
}

export interface CheckProfile {
  version: 1;
  jobs: number | null;
  resources: number | null;
  /** Rules evaluated (the number, or the length of the per-rule list). */
  ruleCount: number | null;
  phases: Partial<Record<ProfilePhase, number>>;
  peakRssBytes: number | null;
  /** Sum of the rules' worker times (exceeds the evaluate phase with several workers). */
  workerMs: number | null;
  /** Within evaluate: until every worker held the whole model. */
  modelLoadMs: number | null;
  families: FamilyTiming[];
  /** Per-rule timings, when the profile has them. */
  rules: RuleTiming[] | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonNegative(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`profile: ${where} must be a non-negative number, got ${JSON.stringify(v)}`);
  return v;
}

function optionalCount(o: Record<string, unknown>, key: string): number | null {
  return o[key] === undefined ? null : nonNegative(o[key], key);
}

function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') throw new Error(`profile: ${where} must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

export function parseProfile(json: string, file = '<profile>'): CheckProfile {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    throw new Error(`profile ${file} is not JSON: ${(e as Error).message}`);
  }
  try {
    if (!isRecord(doc)) throw new Error('profile: expected a JSON object');
    if (doc.version !== 1) throw new Error(`profile: unsupported version ${JSON.stringify(doc.version)} (this bench reads version 1)`);
    const phases: Partial<Record<ProfilePhase, number>> = {};
    if (doc.phases !== undefined) {
      if (!isRecord(doc.phases)) throw new Error('profile: phases must be an object');
      for (const p of PROFILE_PHASES) if (doc.phases[p] !== undefined) phases[p] = nonNegative(doc.phases[p], `phases.${p}`);
    }
    const families: FamilyTiming[] = [];
    if (doc.families !== undefined) {
      if (!Array.isArray(doc.families)) throw new Error('profile: families must be a list');
      doc.families.forEach((f: unknown, i) => {
        if (!isRecord(f)) throw new Error(`profile: families[${i}] must be an object`);
        families.push({
          family: text(f.family, `families[${i}].family`),
          ms: nonNegative(f.ms, `families[${i}].ms`),
          ...(f.bundle !== undefined ? { bundle: text(f.bundle, `families[${i}].bundle`) } : {}),
        });
      });
    }
    let rules: RuleTiming[] | null = null;
    if (Array.isArray(doc.rules)) {
      rules = doc.rules.map((r: unknown, i) => {
        if (!isRecord(r)) throw new Error(`profile: rules[${i}] must be an object`);
        return { id: text(r.id, `rules[${i}].id`), ms: nonNegative(r.ms, `rules[${i}].ms`), findings: nonNegative(r.findings, `rules[${i}].findings`) };
      });
    }
    const ruleCount = optionalCount(doc, 'ruleCount') ?? (typeof doc.rules === 'number' ? optionalCount(doc, 'rules') : (rules?.length ?? null));
    if (doc.rules !== undefined && rules === null && typeof doc.rules !== 'number') throw new Error('profile: rules must be a list or a number');
    return {
      version: 1,
      jobs: optionalCount(doc, 'jobs'),
      resources: optionalCount(doc, 'resources'),
      ruleCount,
      phases,
      peakRssBytes: optionalCount(doc, 'peakRssBytes'),
      workerMs: optionalCount(doc, 'workerMs'),
      modelLoadMs: optionalCount(doc, 'modelLoadMs'),
      families,
      rules,
    };
  } catch (e) {
    throw new Error(`${(e as Error).message} (in ${file})`);
  }
}
