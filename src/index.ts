/** crm-guard's public library API: every CLI verb is a call into these. */
export { check, checkModels, type CheckOptions, type CheckResult } from './check/check';
export { buildReport, exitCodeFor, isBlocking, FAIL_ON_LEVELS, type FailOn, type Finding, type Report } from './check/report';
export { loadConfig, resolveConfig, validateConfig, type CrmGuardConfig } from './config/load';
export { PolicyEngine, type RawFinding } from './engine/engine';
export { FAMILIES, SEVERITIES, type Catalog, type ControlRef, type Family, type RuleMeta, type Severity } from './engine/catalog';
export { findRule } from './engine/rules-view';
export { ConfigError, CrmGuardError, EngineError, InputError, UsageError } from './errors';
export { loadInputs, type LoadOptions } from './input/load';
export { normalizeCdktf } from './model/normalize-cdktf';
export type { InputFormat, ModelResource, NormalizedModel, Origin } from './model/types';
export { FORMAT_NAMES, getFormatter } from './report/registry';
export type { Formatter, FormatOptions } from './report/types';
export { synthReference, type SynthOptions, type SynthResult } from './synth/synth';
