/**
 * What GitHub accepts, as named numbers. Formats stay inside them by construction, and
 * `sarifLimitBreaches` proves a SARIF log does (tests run it on every kind of input).
 */
import { gzipSync } from 'node:zlib';
import type * as sarif from 'sarif';

// Code scanning SARIF ingestion: docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
// ("Validating your SARIF file", and troubleshooting-sarif-uploads/results-exceed-limit). Hard limits:
// a file breaking one is rejected.
/** Runs per SARIF file. */
export const SARIF_MAX_RUNS_PER_FILE = 20;
/** Results per run (only the top 5,000 by severity are displayed). */
export const SARIF_MAX_RESULTS_PER_RUN = 25_000;
/** Rules per run. */
export const SARIF_MAX_RULES_PER_RUN = 25_000;
/** Locations per result (only 100 are displayed). */
export const SARIF_MAX_LOCATIONS_PER_RESULT = 1_000;
/** Tags per rule (only 10 are displayed). */
export const SARIF_MAX_TAGS_PER_RULE = 20;
/** Characters of a rule's `shortDescription` / `fullDescription` text. */
export const SARIF_MAX_DESCRIPTION_CHARS = 1_024;
/** Bytes of the gzip-compressed SARIF file (upload-sarif compresses before upload). */
export const SARIF_MAX_GZIP_BYTES = 10 * 1024 * 1024;

/** Characters of an issue or pull-request comment body (REST API: "body is too long (maximum is 65536 characters)"). */
export const GITHUB_COMMENT_MAX_CHARS = 65_536;
/** crm-guard's default Markdown budget: below the comment limit, leaving room for a wrapper/marker line. */
export const MARKDOWN_DEFAULT_BUDGET = 60_000;

// Workflow commands: docs.github.com/en/actions/reference/workflow-commands-for-github-actions and
// docs.github.com/en/actions/reference/limits: per step, GitHub shows at most 10 error, 10 warning and
// 10 notice annotations, and 50 per job; the rest are dropped from the checks view (still in the log).
/** Annotations of one kind (error, warning, notice) GitHub shows per step. */
export const ANNOTATIONS_PER_KIND_PER_STEP = 10;
/** Bytes a step's job summary (`$GITHUB_STEP_SUMMARY`) may take. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

/** Every breach of the ingestion limits above, as readable sentences; empty when GitHub accepts the log. */
export function sarifLimitBreaches(log: sarif.Log, text = JSON.stringify(log)): string[] {
  const out: string[] = [];
  if (log.runs.length > SARIF_MAX_RUNS_PER_FILE) out.push(`${log.runs.length} runs > ${SARIF_MAX_RUNS_PER_FILE}`);
  const gz = gzipSync(Buffer.from(text, 'utf8')).length;
  if (gz > SARIF_MAX_GZIP_BYTES) out.push(`gzip size ${gz} bytes > ${SARIF_MAX_GZIP_BYTES}`);
  log.runs.forEach((run, i) => {
    const results = run.results ?? [];
    const rules = run.tool.driver.rules ?? [];
    if (results.length > SARIF_MAX_RESULTS_PER_RUN) out.push(`run ${i}: ${results.length} results > ${SARIF_MAX_RESULTS_PER_RUN}`);
    if (rules.length > SARIF_MAX_RULES_PER_RUN) out.push(`run ${i}: ${rules.length} rules > ${SARIF_MAX_RULES_PER_RUN}`);
    for (const rule of rules) {
      const tags = (rule.properties?.tags ?? []).length;
      if (tags > SARIF_MAX_TAGS_PER_RULE) out.push(`rule ${rule.id}: ${tags} tags > ${SARIF_MAX_TAGS_PER_RULE}`);
      for (const key of ['shortDescription', 'fullDescription'] as const) {
        const len = rule[key]?.text.length ?? 0;
        if (len > SARIF_MAX_DESCRIPTION_CHARS) out.push(`rule ${rule.id}: ${key} ${len} chars > ${SARIF_MAX_DESCRIPTION_CHARS}`);
      }
    }
    results.forEach((r, j) => {
      const n = (r.locations ?? []).length;
      if (n > SARIF_MAX_LOCATIONS_PER_RESULT) out.push(`run ${i} result ${j}: ${n} locations > ${SARIF_MAX_LOCATIONS_PER_RESULT}`);
    });
  });
  return out;
}
