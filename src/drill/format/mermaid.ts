/**
 * The workload graph as a Mermaid flowchart for the Markdown drill sheet (GitHub renders it in
 * PRs): one node per component the workload needs, coloured by outcome, edges from a component
 * to what it needs, and the components the critical path acts on drawn with a thick border and
 * their edges as thick links.
 */
import { formatSeconds } from '../estimate';
import type { Component, DrillReport, Outcome } from '../types';

const FILL: Record<Outcome, string> = {
  UNAFFECTED: 'fill:#eeeeee,stroke:#999999,color:#333333',
  SURVIVES_AUTO: 'fill:#c8e6c9,stroke:#2e7d32,color:#1b5e20',
  RECOVERS_MANUAL: 'fill:#bbdefb,stroke:#1565c0,color:#0d47a1',
  DEGRADED: 'fill:#fff9c4,stroke:#f9a825,color:#5d4037',
  WAITS_FOR_AWS: 'fill:#ffe0b2,stroke:#ef6c00,color:#4e342e',
  BLOCKED: 'fill:#ffcdd2,stroke:#c62828,color:#b71c1c',
  UNRECOVERABLE: 'fill:#ef9a9a,stroke:#b71c1c,color:#000000',
};

const key = (c: Component): string => `${c.stack}:${c.resource}`;

/** Text safe inside a quoted Mermaid label. */
function text(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/[<>]/g, '');
}

export function mermaidGraph(r: DrillReport): string[] {
  const byKey = new Map(r.components.map((c) => [key(c), c]));
  const deps = r.workload.dependencies;
  // The components shown: the affected ones and everything they or the front doors need.
  const shown = new Set<string>();
  // Keys and vaults that recover nothing by themselves stay out of the picture unless they break it.
  const quiet = (c: Component): boolean => (c.kind === 'key' || c.kind === 'backup-vault') && c.outcome !== 'BLOCKED' && c.outcome !== 'UNRECOVERABLE';
  const visit = (k: string): void => {
    if (shown.has(k) || !byKey.has(k) || quiet(byKey.get(k)!)) return;
    shown.add(k);
    for (const d of deps[k] ?? []) visit(d);
  };
  for (const c of r.components) if (c.outcome !== 'UNAFFECTED') visit(key(c));
  for (const f of r.workload.frontDoors) visit(f);
  const nodes = [...shown].sort();
  const id = new Map(nodes.map((k, i) => [k, `c${i + 1}`]));
  // Components the critical-path steps act on (a step names resources by address, with the stack when ambiguous).
  const steps = new Map(r.runbook.map((s) => [s.step, s]));
  const critical = new Set<string>();
  for (const n of r.workload.criticalPath) {
    for (const res of steps.get(n)?.resources ?? []) {
      for (const k of nodes) if (k === res || k.endsWith(`:${res}`) || (byKey.get(k)!.mechanism ?? '').includes(res)) critical.add(k);
    }
  }
  // The chain from the front door down to them: components that need a critical one and are back only when the workload is.
  const needsCritical = (k: string, seen = new Set<string>()): boolean => {
    if (seen.has(k)) return false;
    seen.add(k);
    return (deps[k] ?? []).some((d) => critical.has(d) || needsCritical(d, seen));
  };
  for (const k of nodes) {
    const c = byKey.get(k)!;
    if (c.outcome !== 'UNAFFECTED' && c.rtoSeconds !== null && c.rtoSeconds === r.workload.rtoSeconds && needsCritical(k)) critical.add(k);
  }
  const out: string[] = ['```mermaid', 'flowchart LR'];
  for (const k of nodes) {
    const c = byKey.get(k)!;
    const rto = c.outcome === 'UNAFFECTED' ? '' : ` · RTO ≤ ${formatSeconds(c.rtoSeconds)}`;
    out.push(`  ${id.get(k)}["${text(c.resource)}<br/>${c.kind} · ${c.region ?? '?'}<br/><b>${c.outcome}</b>${rto}"]:::${c.outcome.toLowerCase()}`);
  }
  for (const k of nodes) {
    for (const d of deps[k] ?? []) {
      if (!id.has(d)) continue;
      out.push(`  ${id.get(k)} ${critical.has(k) && critical.has(d) ? '==>' : '-->'} ${id.get(d)}`);
    }
  }
  for (const [o, style] of Object.entries(FILL)) out.push(`  classDef ${o.toLowerCase()} ${style}`);
  if (critical.size > 0) out.push(`  classDef critical stroke-width:4px,stroke-dasharray:0`, `  class ${[...critical].sort().map((k) => id.get(k)).join(',')} critical`);
  out.push('```');
  return out;
}
