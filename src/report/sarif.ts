/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer), inside GitHub's ingestion limits
 * (./github-limits.ts). One run; rule descriptors come from the catalog (METADATA) with the run's
 * effective severity and enforcement, one per rule that has a result (111 full descriptors made
 * every file heavy for nothing). Tags are a few meaningful words (GitHub rejects more than 20 per
 * rule); the framework mappings are structured data in `properties.controls`. Descriptions are cut
 * to 1,024 characters at a word; `help` keeps the whole text.
 *
 * Each finding is a result located in a repository file by a path relative to `%SRCROOT%` (the
 * checkout): for CDKTF the construct's TypeScript line (src/check/repo-location.ts), with the
 * construct path as a logical location. Waived findings are results with an accepted suppression,
 * so code scanning shows them as dismissed instead of dropping them.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as sarif from 'sarif';
import { changeSafetyNote, type Finding, type Report } from '../check/report';
import { packageVersion } from '../engine/bundle';
import { FAMILIES, type RuleMeta, type Severity } from '../engine/catalog';
import { SARIF_MAX_DESCRIPTION_CHARS, SARIF_MAX_RESULTS_PER_RUN } from './github-limits';
import type { Formatter } from './types';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub reads `security-severity` (0.0–10.0) to rank alerts: ≥9 critical, ≥7 high, ≥4 medium, else low. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

const LEVEL: Record<Severity, sarif.ReportingConfiguration.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** Key of the crm-guard fingerprint in `partialFingerprints` (the baseline fingerprint). */
export const FINGERPRINT_KEY = 'crmGuardFinding/v1';


/** `encryption.rds_storage_encrypted` → `RdsStorageEncrypted`. */
function ruleName(rule: RuleMeta): string {
  const last = rule.package.split('.').pop() ?? rule.id;
  return last
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Framework → control ids (`?` marks an unverified mapping): searchable data, not tags. */
function controlsProperty(rule: RuleMeta): Record<string, string[]> {
  return Object.fromEntries(Object.entries(rule.controls).map(([fw, ids]) => [fw, ids.map((c) => `${c.id}${c.verified ? '' : '?'}`)]));
}

/** `text` within `max` characters, cut at a word boundary with an ellipsis. */
export function clip(text: string, max: number = SARIF_MAX_DESCRIPTION_CHARS): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

function controlsText(rule: RuleMeta): string {
  const parts = Object.entries(rule.controls).map(([fw, ids]) => `${fw}: ${ids.map((c) => (c.verified ? c.id : `${c.id} (unverified)`)).join(', ')}`);
  return parts.length ? parts.join('; ') : 'none';
}

function descriptor(rule: RuleMeta): sarif.ReportingDescriptor {
  const family = `${rule.family}: ${FAMILIES[rule.family].title}`;
  return {
    id: rule.id,
    name: ruleName(rule),
    shortDescription: { text: clip(rule.title) },
    fullDescription: { text: clip(rule.description) },
    help: {
      text: `${rule.description}\n\nHow to fix: ${rule.remediation}\n\nSeverity: ${rule.severity}. Enforcement: ${rule.enforcement}. Family: ${family}. Controls: ${controlsText(rule)}.`,
      markdown: [
        `**${rule.title}**`,
        '',
        rule.description,
        '',
        `**How to fix:** ${rule.remediation}`,
        '',
        `| severity | enforcement | family | controls |`,
        `| --- | --- | --- | --- |`,
        `| ${rule.severity} | ${rule.enforcement} | ${family} | ${controlsText(rule).replace(/\|/g, '\\|')} |`,
      ].join('\n'),
    },
    defaultConfiguration: { level: rule.enforcement === 'advisory' ? 'note' : LEVEL[rule.severity] },
    properties: {
      // Few and meaningful: code scanning filters by tag; the framework mappings are in `controls`.
      tags: ['security', 'terraform', FAMILIES[rule.family].folder],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: 'high',
      severity: rule.severity,
      enforcement: rule.enforcement,
      family: rule.family,
      source: rule.file,
      controls: controlsProperty(rule),
    },
  };
}

/** The base the relative URIs resolve against: the repository checkout (GitHub knows its own root). */
export const SRCROOT = '%SRCROOT%';

/** Repository paths are relative to the checkout (`%SRCROOT%`); a file outside it becomes a file: URI. */
function artifactLocation(file: string): sarif.ArtifactLocation {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split(path.sep).join('/').split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** artifactLocation, computed once per file (results share a few files). */
function artifactLocations(): (file: string) => sarif.ArtifactLocation {
  const known = new Map<string, sarif.ArtifactLocation>();
  return (file) => {
    let a = known.get(file);
    if (!a) known.set(file, (a = artifactLocation(file)));
    return { ...a };
  };
}

function location(f: Finding, artifact: (file: string) => sarif.ArtifactLocation): sarif.Location {
  const logical: sarif.LogicalLocation = f.origin.constructPath
    ? { name: f.resource, fullyQualifiedName: f.origin.constructPath, kind: 'resource' }
    : { name: f.resource, fullyQualifiedName: `${f.stack}/${f.resource}`, kind: 'resource' };
  const where = f.location ?? { file: path.resolve(f.origin.file), line: f.origin.line ?? 1 };
  return {
    physicalLocation: {
      artifactLocation: artifact(where.file),
      // GitHub needs a line to place an alert; a finding not located in its file sits on line 1.
      region: { startLine: where.line },
    },
    logicalLocations: [logical],
  };
}

/**
 * The results a run carries: all of them up to GitHub's per-run limit; past it the blocking and
 * most severe first (GitHub itself keeps the most severe), in report order otherwise.
 */
function keptFindings(findings: readonly Finding[]): Finding[] {
  if (findings.length <= SARIF_MAX_RESULTS_PER_RUN) return [...findings];
  const rank: Record<Finding['severity'], number> = { critical: 0, high: 1, medium: 2, low: 3 };
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => Number(b.f.blocking) - Number(a.f.blocking) || rank[a.f.severity] - rank[b.f.severity] || a.i - b.i)
    .slice(0, SARIF_MAX_RESULTS_PER_RUN)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.f);
}

/**
 * The baseline fingerprint identifies rule + stack + resource. When a rule reports one resource more
 * than once (e.g. one finding per missing VPC endpoint), those results get the message's hash
 * appended, so code scanning keeps them apart instead of merging them into one alert.
 */
export function resultFingerprints(findings: readonly Finding[]): string[] {
  const count = new Map<string, number>();
  for (const f of findings) count.set(f.fingerprint, (count.get(f.fingerprint) ?? 0) + 1);
  return findings.map((f) =>
    (count.get(f.fingerprint) ?? 0) > 1 ? `${f.fingerprint}:${createHash('sha256').update(f.message).digest('hex').slice(0, 16)}` : f.fingerprint,
  );
}

function result(
  f: Finding,
  fingerprint: string,
  ruleIndex: number | undefined,
  withBaseline: boolean,
  artifact: (file: string) => sarif.ArtifactLocation,
  inSource: ReadonlySet<string>,
): sarif.Result {
  const r: sarif.Result = {
    ruleId: f.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    kind: 'fail',
    level: f.enforcement === 'advisory' ? 'note' : LEVEL[f.severity],
    message: { text: `${f.message} (${f.resource} in stack ${f.stack})` },
    locations: [location(f, artifact)],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    properties: {
      stack: f.stack,
      resource: f.resource,
      resourceType: f.resourceType,
      severity: f.severity,
      enforcement: f.enforcement,
      blocking: f.blocking,
      unverifiable: f.unverifiable,
      ...(f.waiver && f.waiver.outcome !== 'waived' ? { waiver: f.waiver } : {}),
    },
  };
  if (withBaseline && f.baseline) r.baselineState = f.baseline === 'new' ? 'new' : 'unchanged';
  if (f.waived && f.waiver) {
    r.suppressions = [
      {
        // SARIF's kind says where the suppression is persisted: in the source (an HCL comment, a
        // construct waiver in the CDKTF program) or in a file of its own (the waivers file).
        kind: inSource.has(f.waiver.id) ? 'inSource' : 'external',
        status: 'accepted',
        justification: `${f.waiver.reason} (owner ${f.waiver.owner}, expires ${f.waiver.expires}, ${f.waiver.id})`,
        properties: { waiver: f.waiver.id, owner: f.waiver.owner, expires: f.waiver.expires },
      },
    ];
  }
  return r;
}

export function toSarif(report: Report): sarif.Log {
  const all = resultFingerprints(report.findings);
  const fingerprintOf = new Map(report.findings.map((f, i) => [f, all[i]]));
  const findings = keptFindings(report.findings);
  const used = new Set(findings.map((f) => f.ruleId));
  const rules = report.rules.filter((r) => used.has(r.id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const inSource = new Set(report.waivers.filter((w) => w.origin.kind !== 'file').map((w) => w.id));
  const s = report.summary;
  const note = changeSafetyNote(report);
  const artifact = artifactLocations();
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'crm-guard',
            semanticVersion: packageVersion(),
            rules: rules.map(descriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { description: { text: 'The root of the repository checkout.' } } },
        results: findings.map((f) => result(f, fingerprintOf.get(f) ?? f.fingerprint, index.get(f.ruleId), report.baseline !== null, artifact, inSource)),
        // What the run could not evaluate (e.g. change safety without a plan) is a tool notification.
        ...(note ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning' as const, message: { text: note } }] }] } : {}),
        properties: {
          ...(findings.length < report.findings.length
            ? { omittedResults: report.findings.length - findings.length, omittedReason: `GitHub accepts at most ${SARIF_MAX_RESULTS_PER_RUN} results per run; the JSON report has all findings` }
            : {}),
          failOn: s.failOn,
          allowHardMandatoryWaivers: s.allowHardMandatoryWaivers,
          summary: s,
          bundles: report.bundles,
          waivers: report.waivers.map((w) => ({ id: w.id, rule: w.rule, resource: w.resource, status: w.status, expires: w.expires, owner: w.owner })),
          ...(report.baseline ? { baseline: { file: report.baseline.file, fixed: report.baseline.fixed } } : {}),
        },
      },
    ],
  };
}

export const sarifFormatter: Formatter = {
  name: 'sarif',
  format(report) {
    return `${JSON.stringify(toSarif(report), null, 2)}\n`;
  },
};
