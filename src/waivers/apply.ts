/**
 * What waivers do to findings, whatever their source. A waiver matches a finding when the rule is
 * the same and the resource (and optional stack) match. A matching waiver waives the finding when
 * it has not expired and, for a hard-mandatory rule, the config allows hard-mandatory waivers or
 * the rule is `waivable` (a planned change approved per change, e.g. CRM-CHG-001).
 * Waived findings stay in the report (`waived: true` plus the waiver); they never block.
 */
import type { Finding } from '../check/report';
import { ConfigError, UsageError } from '../errors';
import { isCalendarDate } from './file';
import { addressMatcher, type AddressMatcher } from './match';
import type { FindingWaiver, Waiver, WaiverOutcome } from './types';

export interface WaiverSettings {
  /** YYYY-MM-DD: a waiver whose `expires` is before this date is expired. */
  today: string;
  allowHardMandatoryWaivers: boolean;
  /** Hard-mandatory rules whose findings a waiver may approve regardless (METADATA `waivable: true`). */
  waivableRules?: ReadonlySet<string>;
}

/** Today's date in UTC (the default "today" for expiry). */
export function utcToday(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function checkToday(today: string): string {
  if (!isCalendarDate(today)) throw new UsageError(`invalid date "${today}" for waiver expiry`, { hint: 'expected YYYY-MM-DD' });
  return today;
}

/** Checks waivers against the rule catalog; every problem is collected, each naming its waiver. */
export function validateWaiverRules(waivers: readonly Waiver[], ruleIds: ReadonlySet<string>): void {
  const bad = waivers.filter((w) => !ruleIds.has(w.rule));
  if (bad.length === 0) return;
  const files = [...new Set(bad.map((w) => w.origin.file))];
  const label = (w: Waiver): string => (w.origin.kind === 'hcl' ? `line ${w.origin.line} crm-guard:ignore` : `waivers[${w.origin.index}]`);
  const problems = bad.map((w) => `${files.length > 1 ? `${w.origin.file}: ` : ''}${label(w)} (${w.rule}): field "rule" names no rule in the catalog`);
  throw new ConfigError(`invalid waivers: ${problems.join('; ')}`, { file: files.length === 1 ? files[0] : undefined, hint: 'list the rule ids with `crm-guard rules`' });
}

interface Compiled {
  waiver: Waiver;
  expired: boolean;
  resource: AddressMatcher;
  stack: AddressMatcher | null;
  outcome: WaiverOutcome;
}

export interface WaiverResult {
  findings: Finding[];
  outcomes: WaiverOutcome[];
}

export function applyWaivers(findings: readonly Finding[], waivers: readonly Waiver[], settings: WaiverSettings): WaiverResult {
  const byRule = new Map<string, Compiled[]>();
  const compiled: Compiled[] = waivers.map((waiver) => {
    const c: Compiled = {
      waiver,
      expired: waiver.expires < settings.today,
      resource: addressMatcher(waiver.resource),
      stack: waiver.stack === undefined ? null : addressMatcher(waiver.stack),
      outcome: { ...waiver, status: 'unused', matched: 0, waived: 0, refused: 0 },
    };
    byRule.set(waiver.rule, [...(byRule.get(waiver.rule) ?? []), c]);
    return c;
  });

  const out = findings.map((f) => {
    const matching = (byRule.get(f.ruleId) ?? []).filter((c) => c.resource(f.resource) && (c.stack === null || c.stack(f.stack)));
    if (matching.length === 0) return f;
    const mayWaive = f.enforcement !== 'hard-mandatory' || settings.allowHardMandatoryWaivers || settings.waivableRules?.has(f.ruleId) === true;
    let chosen: { c: Compiled; outcome: FindingWaiver['outcome'] } | null = null;
    for (const c of matching) {
      c.outcome.matched++;
      if (c.expired) continue;
      if (mayWaive) {
        c.outcome.waived++;
        chosen ??= { c, outcome: 'waived' };
      } else {
        c.outcome.refused++;
        chosen ??= { c, outcome: 'refused' };
      }
    }
    // Only expired waivers matched: record the most recent one, so the report says why it blocks now.
    chosen ??= { c: [...matching].sort((a, b) => (a.waiver.expires < b.waiver.expires ? 1 : -1))[0], outcome: 'expired' };
    const w = chosen.c.waiver;
    return {
      ...f,
      waived: chosen.outcome === 'waived',
      waiver: { id: w.id, outcome: chosen.outcome, owner: w.owner, reason: w.reason, expires: w.expires },
    };
  });

  for (const c of compiled) {
    const o = c.outcome;
    o.status = c.expired ? 'expired' : o.waived > 0 ? 'used' : o.refused > 0 ? 'refused' : 'unused';
  }
  return { findings: out, outcomes: compiled.map((c) => c.outcome) };
}
