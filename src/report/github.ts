/**
 * GitHub Actions workflow commands: one `::error file=…,line=…,title=…::message` annotation per
 * finding, shown on the pull request's changed lines and in the checks view. Blocking findings are
 * errors; unwaived findings that do not block are warnings (notices when advisory); waived findings
 * are not annotated. GitHub shows only 10 annotations of a kind per step (./github-limits.ts), so
 * the most severe are written first, up to that many per kind, and one notice counts the rest and
 * points at the SARIF/JSON artifact. Paths are relative to the repository root, as GitHub expects.
 */
import type { Finding, Report } from '../check/report';
import { severityRank } from '../engine/catalog';
import { ANNOTATIONS_PER_KIND_PER_STEP } from './github-limits';
import { repoPlace } from './location';
import type { Formatter } from './types';
import { printableDeep } from './printable';

type Kind = 'error' | 'warning' | 'notice';

/** Message data: `%`, CR and LF are escaped (the runner's own escaping). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also escape `:` and `,`, which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function kindOf(f: Finding): Kind | null {
  if (f.waived) return null;
  if (f.blocking) return 'error';
  return f.enforcement === 'advisory' ? 'notice' : 'warning';
}

export function annotation(kind: Kind, props: Record<string, string | number>, message: string): string {
  const p = Object.entries(props)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${kind}${p ? ` ${p}` : ''}::${escapeData(message)}`;
}

export function toGithubAnnotations(report: Report): string {
  const order = report.findings
    .map((f, i) => ({ f, i, kind: kindOf(f) }))
    .filter((x): x is { f: Finding; i: number; kind: Kind } => x.kind !== null)
    .sort((a, b) => severityRank(a.f.severity) - severityRank(b.f.severity) || a.i - b.i);
  const written: Record<Kind, number> = { error: 0, warning: 0, notice: 0 };
  const lines: string[] = [];
  let omitted = 0;
  for (const { f, kind } of order) {
    // One notice slot stays free for the closing summary.
    const cap = kind === 'notice' ? ANNOTATIONS_PER_KIND_PER_STEP - 1 : ANNOTATIONS_PER_KIND_PER_STEP;
    if (written[kind] >= cap) {
      omitted++;
      continue;
    }
    written[kind]++;
    const where = repoPlace(f);
    lines.push(annotation(kind, { file: where.file, line: where.line, title: `${f.ruleId} (${f.severity}) ${f.resource}` }, `${f.message}\nFix: ${f.remediation}`));
  }
  const s = report.summary;
  const more = omitted > 0 ? ` ${omitted} more finding${omitted === 1 ? '' : 's'} are not annotated (GitHub shows ${ANNOTATIONS_PER_KIND_PER_STEP} per kind per step): see the SARIF/JSON artifact.` : '';
  lines.push(annotation('notice', { title: 'crm-guard' }, `${s.blocking > 0 ? `FAIL: ${s.blocking} blocking` : 'PASS'} · ${s.findings} findings (${s.waived} waived) over ${s.resources} resources.${more}`));
  return `${lines.join('\n')}\n`;
}

export const githubFormatter: Formatter = {
  name: 'github',
  format: (report) => toGithubAnnotations(printableDeep(report)),
};
