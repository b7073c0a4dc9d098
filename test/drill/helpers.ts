/** Drill test helpers: the hand-written fixtures, mutation into temp files, component lookup. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { drill, type DrillOptions } from '../../src/drill/drill';
import type { Component, DrillReport } from '../../src/drill/types';
import { tempDir } from '../helpers';

export const FIXTURES = path.join(__dirname, 'fixtures');
export const PRIMARY = path.join(FIXTURES, 'two-region', 'crm-primary.tf.json');
export const DR = path.join(FIXTURES, 'two-region', 'crm-dr.tf.json');
export const GAPS = path.join(FIXTURES, 'two-region', 'crm-gaps.tf.json');
export const ALIAS = path.join(FIXTURES, 'alias-stack.tf.json');
export const TWO_REGION = [PRIMARY, DR];

/** Targets loose enough that only survival decides (the shipped defaults are the reference's). */
export const LOOSE = { drill: { targets: { rpo: '7d', rto: '7d' } } };

export type Doc = { resource: Record<string, Record<string, Record<string, unknown>>>; [k: string]: unknown };

export function readDoc(file: string): Doc {
  return JSON.parse(readFileSync(file, 'utf8')) as Doc;
}

/** Writes documents as `<stack>.tf.json` files in a fresh directory (the stack name comes from the file name). */
export function writeDocs(docs: Record<string, unknown>): string[] {
  const dir = tempDir('crm-guard-drill-');
  mkdirSync(dir, { recursive: true });
  return Object.entries(docs).map(([stack, doc]) => {
    const file = path.join(dir, `${stack}.tf.json`);
    writeFileSync(file, JSON.stringify(doc, null, 2));
    return file;
  });
}

/** The two-region world with `mutate` applied to copies of its documents. */
export function mutatedWorld(mutate: (primary: Doc, dr: Doc) => void): string[] {
  const primary = readDoc(PRIMARY);
  const dr = readDoc(DR);
  mutate(primary, dr);
  return writeDocs({ 'crm-primary': primary, 'crm-dr': dr });
}

export async function run(paths: string[], lose: string, options: Partial<DrillOptions> = {}): Promise<{ report: DrillReport; exitCode: 0 | 1 }> {
  const { report, exitCode } = await drill(paths, { lose, config: LOOSE, ...options });
  return { report, exitCode };
}

export function component(report: DrillReport, resource: string, stack?: string): Component {
  const hits = report.components.filter((c) => c.resource === resource && (stack === undefined || c.stack === stack));
  if (hits.length !== 1) throw new Error(`expected one component ${stack ?? '*'}:${resource}, found ${hits.length}`);
  return hits[0];
}

/** The runbook actions as plain text lines, for order and content assertions. */
export function actions(report: DrillReport): string[] {
  return report.runbook.map((s) => s.action);
}
