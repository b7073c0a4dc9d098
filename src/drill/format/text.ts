/** A terminal report: scenario, one line per component, the reasons of the affected ones, the runbook. */
import { createColors } from 'picocolors';
import { formatRange, formatSeconds, formatWorst } from '../estimate';
import type { Component, DataClass, DrillReport, Outcome, StepEstimate } from '../types';
import type { DrillFormatter } from './types';

export function scenarioTitle(r: DrillReport): string {
  const s = r.scenario;
  if (s.type === 'REGION_LOSS') return `loss of region ${s.region}`;
  if (s.type === 'DATA_CORRUPTION') return 'logical data corruption or ransomware (replicas copy the damage)';
  if (s.type === 'ACCOUNT_LOSS') return `compromise of account ${s.account} (only copies outside it count)`;
  if (s.type === 'AZ_IMPAIRMENT') return `impairment of AZ ${s.az} (${s.region}) for ${formatSeconds(s.durationSeconds)}`;
  return `destruction of AZ ${s.az} (${s.region}): data held only in that AZ is lost`;
}

export function targetText(c: Component): string {
  if (!c.target) return 'none';
  return `RPO ${formatSeconds(c.target.rpoSeconds ?? null).replace('unbounded', '-')} / RTO ${formatSeconds(c.target.rtoSeconds ?? null).replace('unbounded', '-')} (${c.target.tier})`;
}

export function verdict(r: DrillReport): string {
  const s = r.summary;
  const bad = s.unrecoverable + s.blocked + s.missedTargets > 0;
  const others = s.missedTargets - s.unrecoverable - s.blocked;
  return `${bad ? 'FAIL' : 'PASS'}: ${s.unrecoverable} unrecoverable, ${s.blocked} blocked, ${others} more missing ${others === 1 ? 'its target' : 'their targets'} · ${s.components} components (${Object.entries(s.byOutcome).filter(([, n]) => n > 0).map(([o, n]) => `${n} ${o}`).join(', ')})`;
}

export const textFormatter: DrillFormatter = {
  name: 'text',
  format(r, { color }) {
    const c = createColors(color);
    const paint: Record<Outcome, (s: string) => string> = {
      UNAFFECTED: c.dim,
      SURVIVES_AUTO: c.green,
      RECOVERS_MANUAL: c.cyan,
      DEGRADED: c.yellow,
      WAITS_FOR_AWS: c.yellow,
      BLOCKED: (s) => c.bold(c.red(s)),
      UNRECOVERABLE: (s) => c.bold(c.red(s)),
    };
    const lines: string[] = [];
    lines.push(c.bold(`DR drill: ${scenarioTitle(r)}`));
    lines.push(`stacks: ${r.scenario.stacks.join(', ')}${r.scenario.drRegion ? ` · DR region ${r.scenario.drRegion}` : ''}`);
    const t = r.targets;
    const tiers = t.tiers.map((x) => `${x.name} RPO ${formatSeconds(x.rpoSeconds).replace('unbounded', '-')} / RTO ${formatSeconds(x.rtoSeconds).replace('unbounded', '-')}`);
    lines.push(`targets (${t.source}): ${t.rpoSeconds !== null || t.rtoSeconds !== null ? `RPO ${formatSeconds(t.rpoSeconds).replace('unbounded', '-')} / RTO ${formatSeconds(t.rtoSeconds).replace('unbounded', '-')}` : 'no default'}${tiers.length ? `; tiers: ${tiers.join('; ')}` : ''}`);
    lines.push('');
    const width = Math.max(...r.components.map((x) => label(x).length), 9);
    lines.push(c.dim(`${'COMPONENT'.padEnd(width)}  ${'OUTCOME'.padEnd(15)}  ${'RPO worst'.padEnd(10)}  ${'RTO worst'.padEnd(10)}  MEETS  MECHANISM`));
    for (const x of r.components) {
      lines.push(`${label(x).padEnd(width)}  ${paint[x.outcome](x.outcome.padEnd(15))}  ${formatWorst(x.rpo).padEnd(10)}  ${formatWorst(x.rto).padEnd(10)}  ${(x.meetsTargets ? 'yes' : c.red('NO ')).padEnd(5)}  ${x.mechanism ?? '-'}`);
    }
    const affected = r.components.filter((x) => x.outcome !== 'UNAFFECTED');
    if (affected.length > 0) {
      lines.push('', c.bold('Details'));
      for (const x of affected) {
        lines.push(`  ${c.bold(label(x))} (${x.kind}, ${x.region ?? 'region unknown'}${x.az.length ? `, ${x.az.join('/')}` : ''}) ${paint[x.outcome](x.outcome)}`);
        lines.push(`    RPO ${formatRange(x.rpo)} [${x.rpo.confidence}; ${x.rpo.source}] · RTO ${formatRange(x.rto)} [${x.rto.confidence}; ${x.rto.source}] · target ${targetText(x)}`);
        for (const reason of x.reasons) lines.push(`    - ${reason}`);
      }
    }
    const w = r.workload;
    lines.push('', c.bold('Workload'));
    lines.push(`  ${workloadLine(r)}`);
    lines.push(`  critical path: ${w.criticalPath.length ? w.criticalPath.map((n) => `#${n}`).join(' → ') : 'none'} · re-protected ${w.reprotectSeconds === null ? 'never' : `${formatSeconds(w.reprotectSeconds)} after service is restored`}`);
    for (const f of w.findings) lines.push(`  ${f.severity === 'high' ? c.red(c.bold(`[${f.id}]`)) : c.yellow(`[${f.id}]`)} ${f.message}`);
    if (r.dataClasses.length > 0) {
      lines.push('', c.bold('Data loss by class'));
      for (const d of r.dataClasses) lines.push(`  ${d.class.padEnd(17)} ${dataClassWindow(d).padEnd(13)} ${c.dim(d.note)}`);
    }
    lines.push('', c.bold('Runbook'));
    for (const s of r.runbook) {
      const meta = `${s.owner}, ${formatEstimate(s.estimate)}${s.dependsOn.length ? `, after ${s.dependsOn.map((n) => `#${n}`).join(' ')}` : ''}${s.parallel ? ', parallel' : ''}`;
      lines.push(`  ${String(s.step).padStart(2)}. [${s.phase}] ${s.action} ${c.dim(`{${meta}}`)}${s.resources.length ? c.dim(` (${s.resources.join(', ')})`) : ''}`);
    }
    lines.push('');
    const bad = r.summary.unrecoverable + r.summary.blocked + r.summary.missedTargets > 0;
    lines.push(bad ? c.red(c.bold(verdict(r))) : c.green(c.bold(verdict(r))));
    return `${lines.join('\n')}\n`;
  },
};

/** `RTO ≤ 1h 30m (typical 25m) · RPO ≤ 15m · warm standby`. */
export function workloadLine(r: DrillReport): string {
  const w = r.workload;
  const rto = w.rtoSeconds === null ? 'RTO unbounded (a component it needs is blocked or unrecoverable)' : `RTO ≤ ${formatSeconds(w.rtoSeconds)} (best ${formatSeconds(w.rto.best)}, typical ${formatSeconds(w.rto.typical)})`;
  return `${rto} · RPO ≤ ${formatSeconds(w.rpoSeconds)} · ${w.strategy}`;
}

export function dataClassWindow(d: DataClass): string {
  if (d.rpoSeconds !== null) return formatSeconds(d.rpoSeconds);
  return d.note.startsWith('all sessions') ? 'all sessions' : d.note.startsWith('events in flight') ? 'in-flight' : 'lost';
}

export function formatEstimate(e: StepEstimate): string {
  return e.best === e.worst ? formatSeconds(e.worst) : `${formatSeconds(e.best)}/${formatSeconds(e.typical)}/${formatSeconds(e.worst)}`;
}

function label(x: Component): string {
  return `${x.stack}:${x.resource}`;
}
