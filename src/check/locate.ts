/**
 * Lines for findings read from JSON inputs. HCL origins carry their line; for a synthesized
 * `cdk.tf.json` or a plan JSON the resource's line is looked up in the file, so SARIF results and
 * reports can point at it (GitHub code scanning places an alert by file and line).
 *
 * A model read from a JSON file by the input loaders comes with the lines of its blocks, recorded
 * in the one scan of its text (src/model/source-lines.ts). For any other model (built by a library
 * caller) one streaming pass per file (jsonc-parser's visitor) indexes address → line; a file is
 * read only when one of its findings has no line yet.
 */
import { readFileSync } from 'node:fs';
import type * as JsoncParser from 'jsonc-parser';
import { stripInstanceKeys } from '../model/refs';
import { sourceLinesOf } from '../model/source-lines';
import type { InputFormat, NormalizedModel } from '../model/types';
import type { Finding } from './report';

/**
 * CDKTF JSON (the reference reading the input scan must agree with, test/json-scan.test.ts):
 * `resource.<type>.<name>` → `<type>.<name>`, `data.<type>.<name>` → `data.<type>.<name>`,
 * `provider.<name>` → `provider.<name>`, and the `terraform` block (findings on `terraform.*`).
 */
export function indexCdktf(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let depth = 0;
  (require('jsonc-parser') as typeof JsoncParser).visit(text, {
    onObjectBegin: () => void depth++,
    onObjectEnd: () => void depth--,
    onArrayBegin: () => void depth++,
    onArrayEnd: () => void depth--,
    onObjectProperty(property, _offset, _length, startLine, _startCharacter, pathSupplier) {
      if (depth > 3) return;
      const where = pathSupplier();
      if (where.length === 0 && property === 'terraform') lines.set('terraform', startLine + 1);
      else if (where.length === 1 && where[0] === 'provider') lines.set(`provider.${property}`, startLine + 1);
      else if (where.length === 2 && where[0] === 'resource') lines.set(`${String(where[1])}.${property}`, startLine + 1);
      else if (where.length === 2 && where[0] === 'data') lines.set(`data.${String(where[1])}.${property}`, startLine + 1);
    },
  });
  return lines;
}

/**
 * Plan JSON: the `address` of each resource under `planned_values` (child modules included); the
 * reference reading the input scan must agree with (test/json-scan.test.ts).
 */
export function indexPlan(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let property = '';
  (require('jsonc-parser') as typeof JsoncParser).visit(text, {
    onObjectProperty: (p) => {
      property = p;
    },
    onLiteralValue(value, _offset, _length, startLine, _startCharacter, pathSupplier) {
      if (property !== 'address' || typeof value !== 'string') return;
      if (pathSupplier()[0] === 'planned_values' && !lines.has(value)) lines.set(value, startLine + 1);
    },
  });
  return lines;
}

function addressFor(format: InputFormat, resource: string): string {
  if (format !== 'cdktf') return resource;
  // `terraform.backend`, `terraform.required_providers`...: the terraform block.
  if (resource.startsWith('terraform.')) return 'terraform';
  // An instance of a `count` / `for_each` resource (`aws_subnet.s[0]`) is at its resource's block.
  return stripInstanceKeys(resource);
}

/** Adds `origin.line` to findings whose origin is the model's own JSON file and has no line yet. */
export function locateFindings(findings: readonly Finding[], models: readonly NormalizedModel[]): Finding[] {
  const byStack = new Map(models.map((m) => [m.stack, m]));
  const indexes = new Map<string, ReadonlyMap<string, number> | null>();
  const indexOf = (model: NormalizedModel): ReadonlyMap<string, number> | null => {
    const recorded = sourceLinesOf(model);
    if (recorded) return recorded;
    if (!indexes.has(model.source)) {
      let index: Map<string, number> | null = null;
      try {
        const text = readFileSync(model.source, 'utf8');
        index = model.format === 'cdktf' ? indexCdktf(text) : indexPlan(text);
      } catch {
        index = null; // stdin, or a file gone since loading: the finding keeps its file without a line
      }
      indexes.set(model.source, index);
    }
    return indexes.get(model.source) ?? null;
  };
  return findings.map((f) => {
    const model = byStack.get(f.stack);
    if (f.origin.line !== undefined || !model || f.origin.file !== model.source || (model.format !== 'cdktf' && model.format !== 'plan')) return f;
    const line = indexOf(model)?.get(addressFor(model.format, f.resource));
    return line !== undefined ? { ...f, origin: { ...f.origin, line } } : f;
  });
}
