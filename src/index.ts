/** crm-guard's public library API: every CLI verb is a call into these. */
export { check, checkModels, type CheckOptions, type CheckResult } from './check/check';
export { assembleReport, exitCodeFor, isBlocking, FAIL_ON_LEVELS, type FailOn, type Finding, type GateSettings, type Report, type ReportStack } from './check/report';
export { applyBaseline, baselineOf, loadBaseline, parseBaseline, serializeBaseline, type Baseline, type BaselineComparison, type BaselineEntry } from './baseline/baseline';
export { fingerprintOf } from './baseline/fingerprint';
export { applyWaivers, utcToday } from './waivers/apply';
export { discoverWaiverFile, loadWaiverFile, parseWaiverFile, waiverFileSource, WAIVERS_FILE_NAME } from './waivers/file';
export type { FindingWaiver, Waiver, WaiverOrigin, WaiverOutcome, WaiverSource, WaiverStatus } from './waivers/types';
export { loadConfig, resolveConfig, validateConfig, type CrmGuardConfig } from './config/load';
export { PolicyEngine, type RawFinding } from './engine/engine';
export { defaultEnforcement, ENFORCEMENT_LEVELS, FAMILIES, SEVERITIES, type Catalog, type EnforcementLevel, type ControlRef, type Family, type RuleMeta, type Severity } from './engine/catalog';
export { findRule } from './engine/rules-view';
export { ConfigError, CrmGuardError, EngineError, InputError, UsageError } from './errors';
export { detectFormat, INPUT_FORMAT_CHOICES, INPUT_FORMATS, type InputFormatChoice } from './input/formats';
export { loadInputs, type LoadOptions } from './input/load';
// Terraform JSON read as `check` reads it: templates known at plan time evaluated, count/for_each expanded.
export { normalizeTerraformJson as normalizeCdktf } from './input/cdktf-expressions';
export { normalizeHcl } from './model/normalize-hcl';
export { normalizePlan } from './model/normalize-plan';
export type { InputFormat, ModelResource, NormalizedModel, Origin } from './model/types';
export { FORMAT_NAMES, getFormatter } from './report/registry';
export type { Formatter, FormatOptions } from './report/types';
export { readCdktfConfig, synthApp, SYNTH_ENV, type CdktfProjectConfig, type SynthOptions, type SynthResult } from './synth/synth';
export * from './drill/index';
