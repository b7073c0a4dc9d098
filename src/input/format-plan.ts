/** Terraform plan JSON (`terraform show -json plan.out`), from a file or stdin. */
import * as path from 'node:path';
import { InputError } from '../errors';
import { isObject } from '../model/normalize-cdktf';
import { normalizePlan } from '../model/normalize-plan';
import { recordSourceLines } from '../model/source-lines';
import { jsonDocument, jsonOf, namedFile, sourceName, timedNormalize, type FormatLoader } from './source';

export const planFormat: FormatLoader = {
  name: 'plan',
  describes: 'a Terraform plan JSON file (`terraform show -json plan.out > plan.json`)',
  // Any JSON object with a top-level format_version is Terraform's machine output: a plan, or a
  // state file, which the plan normalizer rejects with a message saying so.
  detect(source) {
    if (source.kind === 'directory') return false;
    const r = jsonOf(source);
    return 'doc' in r && isObject(r.doc) && 'format_version' in r.doc;
  },
  async load(source, options = {}) {
    if (source.kind === 'directory') {
      throw new InputError('a plan is one JSON file, not a directory', { file: source.path, hint: 'pass the file written by `terraform show -json plan.out > plan.json`' });
    }
    const named = namedFile(source);
    const stack = named === undefined ? 'stdin' : path.basename(named).replace(/\.json$/, '');
    const doc = jsonDocument(source);
    const model = await timedNormalize(options, () => normalizePlan(doc, sourceName(source), stack));
    // Standard input has no file to point at (unless named: --stdin-filename): its findings carry no line.
    const r = jsonOf(source);
    if (named !== undefined && 'scan' in r) recordSourceLines(model, r.scan.planLines);
    return [model];
  },
};
