/**
 * Construct-level waivers: recorded by `Waivers.of(construct)` in the synthesized JSON under the
 * resource's `//` comment key (`"//": {"crm_guard": {"waivers": [...]}}`, which Terraform
 * ignores), so the CLI honours them when it checks a cdktf.out without the program. Same fields
 * and rules as the waivers file, with the resource implied.
 */
import { lazyValidator } from '../lazy-validator';
import { ConfigError } from '../errors';
import { stripInstanceKeys } from '../model/refs';
import type { InlineWaiver, NormalizedModel } from '../model/types';
import { isCalendarDate, RULE_ID_PATTERN } from './file';
import type { Waiver, WaiverSource } from './types';

/** Key under a resource's `//` object. */
export const INLINE_WAIVER_KEY = 'crm_guard';

const nonEmpty = { type: 'string', pattern: '\\S' };
export const inlineWaiverSchema = {
  type: 'object',
  required: ['rule', 'reason', 'owner', 'expires'],
  additionalProperties: false,
  properties: {
    rule: { type: 'string', pattern: RULE_ID_PATTERN },
    reason: nonEmpty,
    owner: nonEmpty,
    expires: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
    constructPath: nonEmpty,
  },
} as const;

const inlineWaiverValidator = lazyValidator(inlineWaiverSchema);

/** Problems with one waiver, each naming the field (empty when valid). */
export function inlineWaiverProblems(w: unknown): string[] {
  const problems: string[] = [];
  const validateOne = inlineWaiverValidator();
  if (!validateOne(w)) {
    for (const e of validateOne.errors ?? []) {
      if (e.keyword === 'required') problems.push(`missing required field "${String(e.params.missingProperty)}"`);
      else if (e.keyword === 'additionalProperties') problems.push(`unknown field "${String(e.params.additionalProperty)}"`);
      else problems.push(`field "${e.instancePath.slice(1) || '(waiver)'}" ${e.message}`);
    }
  } else if (!isCalendarDate((w as InlineWaiver).expires)) problems.push(`field "expires" is not a calendar date: ${(w as InlineWaiver).expires}`);
  return problems;
}

/** Reads the waivers recorded in a resource's `//` object; invalid ones are a ConfigError naming file and JSON path. */
export function readInlineWaivers(comment: unknown, file: string, jsonPath: string): InlineWaiver[] {
  if (comment === null || typeof comment !== 'object' || Array.isArray(comment)) return [];
  const entry = (comment as Record<string, unknown>)[INLINE_WAIVER_KEY];
  if (entry === undefined) return [];
  const list = (entry as { waivers?: unknown })?.waivers;
  const at = `${jsonPath}["//"].${INLINE_WAIVER_KEY}.waivers`;
  if (!Array.isArray(list)) throw new ConfigError('construct waivers must be a list', { file, path: at });
  const problems = list.flatMap((w, i) => inlineWaiverProblems(w).map((p) => `[${i}]${describe(w)}: ${p}`));
  if (problems.length > 0) throw new ConfigError(`invalid construct waivers: ${problems.join('; ')}`, { file, path: at, hint: 'every waiver needs rule, reason, owner and expires (YYYY-MM-DD)' });
  return list as InlineWaiver[];
}

function describe(w: unknown): string {
  const rule = (w as { rule?: unknown })?.rule;
  return typeof rule === 'string' ? ` (${rule})` : '';
}

/** The waivers recorded in the checked models, as the same `Waiver` objects the file produces. */
export const constructWaiverSource: WaiverSource = {
  name: 'construct waivers',
  load(models: readonly NormalizedModel[]): Waiver[] {
    const out: Waiver[] = [];
    const seen = new Set<string>();
    for (const m of models) {
      // By key: Object.values of a large model's resources (a dictionary) costs three times as much.
      for (const key of Object.keys(m.resources)) {
        const r = m.resources[key];
        // Most resources record none: passed over before their address is read.
        if (r.waivers === undefined || r.waivers.length === 0) continue;
        // The instances of a `count` / `for_each` construct (`aws_s3_bucket.b[0]`, `b["k"]`) share
        // its waivers: one waiver over all of them (`aws_s3_bucket.b[*]`), not one per instance.
        const base = stripInstanceKeys(r.address);
        const resource = base === r.address ? r.address : `${base}[*]`;
        r.waivers.forEach((w, index) => {
          const id = `${r.origin.constructPath ?? base}#waivers[${index}]`;
          const key = `${m.stack}\u0000${id}`;
          if (seen.has(key)) return;
          seen.add(key);
          out.push({
            id,
            origin: { kind: 'construct', file: r.origin.file, index, resource, ...(w.constructPath ? { constructPath: w.constructPath } : {}) },
            rule: w.rule.toUpperCase(),
            resource,
            stack: m.stack,
            reason: w.reason,
            owner: w.owner,
            expires: w.expires,
          });
        });
      }
    }
    return out;
  },
};
