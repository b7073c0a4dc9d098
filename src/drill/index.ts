/** The DR drill's public surface (re-exported by src/index.ts). */
export { drill, loadDrillConfig, resolveDrillSettings, type DrillOptions, type DrillResult } from './drill';
export { planDrill, drillExitCode, type PlanOptions } from './plan';
export { parseLose, type LoseSpec } from './scenario';
export { drillSettings, parseDurationText, parseTargetOption, type DrillSettings, type Tier } from './config';
export { DEFAULT_CONSTANTS, CONSTANT_NAMES, resolveConstants, type ConstantDef, type ConstantName, type Constants } from './constants';
export { DRILL_FORMAT_NAMES, getDrillFormatter } from './format/registry';
export type { DrillFormatter, DrillFormatOptions } from './format/types';
export type { Component, ComponentKind, Confidence, DataClass, DrillReport, DrillSummary, DrillTargets, Estimate, Outcome, OwnerRole, RunbookStep, Scenario, ScenarioType, StepEstimate, Strategy, Term, Workload, WorkloadFinding } from './types';
export { calibrate, readHistory, type Calibration, type RecordedDrill } from './record';
export { scheduleInterval, ScheduleError, type ScheduleInterval } from './schedule';
