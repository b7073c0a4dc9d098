/**
 * A printable drill sheet: the scenario, the components with estimates against targets and
 * blank columns for what the real drill observes, the runbook as checkboxes with blanks for
 * start and end times, and the constants the estimates rest on (so a team can feed measured
 * values back through `drill.constants`).
 */
import { formatRange, formatSeconds } from '../estimate';
import type { Component, Term } from '../types';
import { mermaidGraph } from './mermaid';
import { dataClassWindow, formatEstimate, scenarioTitle, targetText, verdict, workloadLine } from './text';
import type { DrillFormatter } from './types';

const BLANK = '\u2003\u2003\u2003\u2003';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(s: string): string {
  return `\`${s}\``;
}

function estimate(x: Component, which: 'rpo' | 'rto'): string {
  const e = x[which];
  return `${formatRange(e)} (${e.confidence})`;
}

export const markdownFormatter: DrillFormatter = {
  name: 'markdown',
  format(r) {
    const s = r.scenario;
    const out: string[] = [];
    out.push(`# DR drill sheet: ${scenarioTitle(r)}`, '');
    out.push('| | |', '| --- | --- |');
    out.push(`| Scenario | ${s.type} (${code(`--lose ${s.lose}`)}${s.type === 'AZ_DESTRUCTION' ? ` ${code('--destroy')}` : ''}) |`);
    out.push(`| Stacks | ${s.stacks.map(code).join(', ')} |`);
    if (s.drRegion) out.push(`| DR region | ${s.drRegion} |`);
    if (s.durationSeconds !== null) out.push(`| Impairment duration | ${formatSeconds(s.durationSeconds)} |`);
    out.push(`| Estimate | ${verdict(r)} |`);
    out.push(`| Workload | ${cell(workloadLine(r))} |`);
    out.push(`| Critical path | ${r.workload.criticalPath.length ? r.workload.criticalPath.map((n) => `step ${n}`).join(' → ') : 'none'} |`);
    out.push(`| Re-protected | ${r.workload.reprotectSeconds === null ? 'never' : `${formatSeconds(r.workload.reprotectSeconds)} after service is restored (worst case)`} |`);
    out.push(`| Drill date | ${BLANK} |`, `| Drill lead | ${BLANK} |`, `| T0 (declared) | ${BLANK} |`, '');

    if (r.workload.findings.length > 0) {
      out.push('## Findings', '');
      for (const f of r.workload.findings) out.push(`- **${f.id}** (${f.severity}): ${f.message}`);
      out.push('');
    }
    out.push('## Workload graph', '');
    out.push('Each component points at what it needs to serve writes; colour = outcome, thick border and links = the critical path.', '');
    out.push(...mermaidGraph(r), '');
    if (r.dataClasses.length > 0) {
      out.push('## Data loss by class', '');
      out.push('| Data class | Loss window (worst) | Note | Observed |', '| --- | --- | --- | --- |');
      for (const d of r.dataClasses) out.push(`| ${d.class} | ${dataClassWindow(d)} | ${cell(d.note)} | ${BLANK} |`);
      out.push('');
    }
    out.push('## Components', '');
    out.push('Estimates are best / typical / worst; the worst case is compared with the target. Fill in the observed columns during the drill.', '');
    out.push('| Component | Kind | Placement | Outcome | Mechanism | RPO estimate | RTO estimate | Target | Meets | Observed RPO | Observed RTO |');
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    const affected = r.components.filter((x) => x.outcome !== 'UNAFFECTED');
    for (const x of affected) {
      const placement = `${x.region ?? '?'}${x.az.length ? ` ${x.az.join('/')}` : ''} (${x.azScope})`;
      out.push(
        `| ${code(`${x.stack}:${x.resource}`)} | ${x.kind} | ${cell(placement)} | **${x.outcome}** | ${cell(x.mechanism ?? '-')} | ${cell(estimate(x, 'rpo'))} | ${cell(estimate(x, 'rto'))} | ${cell(targetText(x))} | ${x.meetsTargets ? 'yes' : '**no**'} | ${BLANK} | ${BLANK} |`,
      );
    }
    const untouched = r.components.filter((x) => x.outcome === 'UNAFFECTED');
    if (untouched.length > 0) out.push('', `Not in the failure domain (${untouched.length}): ${untouched.map((x) => code(`${x.stack}:${x.resource}`)).join(', ')}.`);
    if (affected.length > 0) {
      out.push('', '### Why', '');
      for (const x of affected) {
        out.push(`- ${code(`${x.stack}:${x.resource}`)} **${x.outcome}**${x.mechanism ? ` via ${x.mechanism}` : ''}`);
        for (const reason of x.reasons) out.push(`  - ${reason}`);
      }
    }

    out.push('', '## Runbook', '');
    out.push('Tick each step and write the wall-clock time it started and finished.');
    let phase = '';
    for (const st of r.runbook) {
      if (st.phase !== phase) {
        phase = st.phase;
        out.push('', `### ${phase === 'prerequisite' ? 'Prerequisite checks (before starting)' : phase === 'failover' ? 'Failover' : phase === 'validate' ? 'Validate' : 'Re-protect'}`, '');
      }
      const res = st.resources.length ? ` — ${st.resources.map(code).join(', ')}` : '';
      const critical = r.workload.criticalPath.includes(st.step) ? ' **(critical path)**' : '';
      const meta = `${st.owner} · ${formatEstimate(st.estimate)} (${st.estimate.confidence})${st.dependsOn.length ? ` · after ${st.dependsOn.join(', ')}` : ''}${st.parallel ? ' · parallel' : ''}`;
      out.push(`- [ ] **${st.step}.** ${st.action}${res}${critical}  `);
      out.push(`  _${meta}_  `);
      out.push(`  started ${BLANK} finished ${BLANK} notes ${BLANK}`);
    }

    const terms = new Map<string, Term>();
    for (const x of affected) for (const t of [...x.rpo.terms, ...x.rto.terms]) terms.set(t.name, t);
    if (terms.size > 0) {
      out.push('', '## Figures the estimates use', '');
      out.push('Override any of them with a measured value in the config file (`drill.constants`).', '');
      out.push('| Figure | Best | Typical | Worst | Confidence | Source |', '| --- | --- | --- | --- | --- | --- |');
      for (const t of [...terms.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
        out.push(`| ${cell(t.name)} | ${formatSeconds(t.best)} | ${formatSeconds(t.typical)} | ${formatSeconds(t.worst)} | ${t.confidence} | ${cell(t.source)} |`);
      }
    }
    out.push('', '## Observations', '', `Observed RTO (T0 → service back): ${BLANK}`, '', `Observed RPO (last committed vs last recovered marker): ${BLANK}`, '', `Deviations and action items: ${BLANK}`, '');
    return `${out.join('\n')}\n`;
  },
};
