/** Estimates as sums of sourced terms (dr-model §5.2: RTO = T_detect + T_decide + T_act + T_redirect). */
import type { ConstantName, Constants } from './constants';
import { CONFIDENCES, type Confidence, type Estimate, type Term } from './types';

/** A term from the constants table. */
export function constant(consts: Constants, name: ConstantName): Term {
  const c = consts[name];
  return { name, best: c.best, typical: c.typical, worst: c.worst, confidence: c.confidence, source: c.source };
}

/** A term computed from the configuration itself (a TTL, a health-check interval). */
export function derived(name: string, best: number, typical: number, worst: number, source: string, confidence: Confidence = 'derived'): Term {
  return { name, best, typical, worst, confidence, source };
}

/** The same value in all three columns. */
export function flat(name: string, seconds: number, source: string, confidence: Confidence = 'derived'): Term {
  return derived(name, seconds, seconds, seconds, source, confidence);
}

/** Replaces a term's worst value (bounded by a configured limit such as rds.global_db_rpo). */
export function capWorst(t: Term, worst: number, source: string): Term {
  const w = Math.min(t.worst, worst);
  return { ...t, name: `${t.name}≤${worst}s`, best: Math.min(t.best, w), typical: Math.min(t.typical, w), worst: w, confidence: 'derived', source: `${t.source},${source}` };
}

function weakest(terms: readonly Term[]): Confidence {
  let rank = CONFIDENCES.length - 1;
  for (const t of terms) rank = Math.min(rank, CONFIDENCES.indexOf(t.confidence));
  return CONFIDENCES[rank];
}

function sources(terms: readonly Term[]): string {
  const ids = new Set<string>();
  for (const t of terms) for (const s of t.source.split(',')) ids.add(s.trim());
  return [...ids].join(',');
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

export function sum(...terms: Term[]): Estimate {
  if (terms.length === 0) return zero('OURS');
  return {
    best: round(terms.reduce((n, t) => n + t.best, 0)),
    typical: round(terms.reduce((n, t) => n + t.typical, 0)),
    worst: round(terms.reduce((n, t) => n + t.worst, 0)),
    confidence: weakest(terms),
    source: sources(terms),
    terms,
  };
}

/** Nothing is lost or nothing has to be done (synchronous replication, unaffected component). */
export function zero(source: string, confidence: Confidence = 'derived', note?: string): Estimate {
  return { best: 0, typical: 0, worst: 0, confidence, source, terms: [], ...(note ? { note } : {}) };
}

/** No bound: unrecoverable data, a blocked recovery, or a quantity that is not a time. */
export function unbounded(note: string, source = 'OURS', confidence: Confidence = 'derived'): Estimate {
  return { best: null, typical: null, worst: null, confidence, source, terms: [], note };
}

/** `1h 30m`, `45s`, `unbounded`. */
export function formatSeconds(s: number | null): string {
  if (s === null) return 'unbounded';
  if (s === 0) return '0s';
  if (s < 1) return `${s}s`;
  const parts: string[] = [];
  let rest = Math.round(s);
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(' ');
}

/** The RPO note of a queue: in-flight messages, not a time (dr-model §6.1 SQS). */
export const IN_FLIGHT = 'in-flight messages in the lost region are unavailable until it returns: not expressible as a time';

/** The RPO note of a cache whose content is rebuilt: every session is lost, which is not a time. */
export const ALL_CONTENT = 'all cached content is lost (every session: users sign in again): not expressible as a time';

/** An RPO that counts items (in-flight messages, sessions), not time: not compared with time targets. */
export function notATime(e: Estimate): boolean {
  return e.worst === null && (e.note === IN_FLIGHT || e.note === ALL_CONTENT);
}

/** The worst value for a report cell. */
export function formatWorst(e: Estimate): string {
  if (e.worst === null) return e.note === IN_FLIGHT ? 'in-flight' : e.note === ALL_CONTENT ? 'all sessions' : 'unbounded';
  return formatSeconds(e.worst);
}

/** `best / typical / worst` for a report cell. */
export function formatRange(e: Estimate): string {
  if (e.worst === null) return e.note === IN_FLIGHT ? 'in-flight messages' : e.note === ALL_CONTENT ? 'all sessions' : 'unbounded';
  if (e.best === e.worst) return formatSeconds(e.worst);
  return `${formatSeconds(e.best)} / ${formatSeconds(e.typical)} / ${formatSeconds(e.worst)}`;
}
