/**
 * GitLab Code Quality (docs.gitlab.com/ci/testing/code_quality, `artifacts: reports: codequality`):
 * a JSON array of issues with `description`, `check_name`, `fingerprint` (unique per issue: GitLab
 * shows only the first issue of a fingerprint), `severity` (info, minor, major, critical, blocker)
 * and `location.path` (repository-relative) with `location.lines.begin`. Waived findings are left
 * out (Code Quality has no suppression state); blocking findings are `blocker`.
 */
import type { Finding, Report } from '../check/report';
import type { Severity } from '../engine/catalog';
import { repoPlace } from './location';
import { resultFingerprints } from './sarif';
import type { Formatter } from './types';

type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

const SEVERITY: Record<Severity, CodeQualitySeverity> = { critical: 'critical', high: 'major', medium: 'minor', low: 'info' };

export interface CodeQualityIssue {
  type: 'issue';
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  categories: string[];
  location: { path: string; lines: { begin: number } };
}

function severityOf(f: Finding): CodeQualitySeverity {
  if (f.blocking) return 'blocker';
  return f.enforcement === 'advisory' ? 'info' : SEVERITY[f.severity];
}

export function toCodeQuality(report: Report): CodeQualityIssue[] {
  const fingerprints = resultFingerprints(report.findings);
  return report.findings.flatMap((f, i) => {
    if (f.waived) return [];
    const where = repoPlace(f);
    return [
      {
        type: 'issue' as const,
        description: `${f.ruleId} ${f.resource} (${f.stack}): ${f.message}`,
        check_name: f.ruleId,
        fingerprint: fingerprints[i],
        severity: severityOf(f),
        categories: ['Security'],
        location: { path: where.file, lines: { begin: where.line } },
      },
    ];
  });
}

export const gitlabFormatter: Formatter = {
  name: 'gitlab',
  format(report) {
    return `${JSON.stringify(toCodeQuality(report), null, 2)}\n`;
  },
};
