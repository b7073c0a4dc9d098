/**
 * Terraform override files (`override.tf`, `*_override.tf`, and their `.tf.json` forms): after
 * all other files of a module are read, each override file (in lexical order) is merged into the
 * blocks it names, as Terraform does:
 *
 * - a block is matched by type and labels (a provider by name and alias); an override of a block
 *   that no other file defines is an error, as in Terraform;
 * - each top-level argument of the override replaces the original's; a nested block type in the
 *   override replaces every block of that type in the original (dynamic ones too);
 * - `lifecycle` arguments merge one by one; `locals` replace value by value; in `terraform`,
 *   `required_providers` merge by provider name and other settings replace.
 *
 * In the parsed form (hcl2json output or Terraform JSON) both rules are "replace the key", which
 * is why the merge works on keys of the parsed bodies.
 */
import { InputError } from '../errors';
import { isObject } from '../model/normalize-cdktf';
import type { HclFile } from '../model/normalize-hcl';
import type { Json, JsonObject } from '../model/types';
import { blockBodies } from '../model/values';

/** `override.tf`, `x_override.tf`, `override.tf.json`, `x_override.tf.json`. */
export const OVERRIDE_FILE = /(^|_)override\.tf(\.json)?$/;

const LABELLED_ONCE = ['module', 'variable', 'output'] as const;

/** Merges every override file into the module's other files (mutates their parsed bodies). */
export function applyOverrides(base: readonly HclFile[], overrides: readonly HclFile[]): void {
  for (const o of overrides) {
    for (const [key, value] of Object.entries(o.body)) {
      if (key === '//') continue;
      if (key === 'resource' || key === 'data') {
        for (const [type, byName] of Object.entries(objectOr(value))) {
          for (const [name, v] of Object.entries(objectOr(byName))) {
            const label = `${key} "${type}" "${name}"`;
            mergeBody(findBase(base, o, label, (b) => at(b.body, key, type, name)), one(v, o, label));
          }
        }
      } else if ((LABELLED_ONCE as readonly string[]).includes(key)) {
        for (const [name, v] of Object.entries(objectOr(value))) {
          const label = `${key} "${name}"`;
          mergeBody(findBase(base, o, label, (b) => at(b.body, key, name)), one(v, o, label));
        }
      } else if (key === 'provider') {
        for (const [name, v] of Object.entries(objectOr(value))) {
          for (const cfg of blockBodies(v)) {
            const alias = typeof cfg.alias === 'string' ? cfg.alias : null;
            const label = `provider "${name}"${alias ? ` (alias ${alias})` : ''}`;
            mergeBody(
              findBase(base, o, label, (b) => blockBodies(objectOr(b.body.provider)[name]).find((p) => (typeof p.alias === 'string' ? p.alias : null) === alias)),
              cfg,
            );
          }
        }
      } else if (key === 'locals') {
        for (const locals of blockBodies(value)) {
          for (const [name, v] of Object.entries(locals)) {
            const target = findBase(base, o, `local "${name}"`, (b) => blockBodies(b.body.locals).find((l) => Object.prototype.hasOwnProperty.call(l, name)));
            setKey(target, name, v);
          }
        }
      } else if (key === 'terraform') {
        for (const t of blockBodies(value)) mergeTerraform(base, t);
      } else {
        throw new InputError(`"${key}" blocks cannot be overridden: Terraform does not merge them from override files`, { file: o.file, path: key });
      }
    }
  }
}

function mergeTerraform(base: readonly HclFile[], t: JsonObject): void {
  const existing = base.map((b) => blockBodies(b.body.terraform)[0]).find((x) => x !== undefined);
  if (!existing) {
    // Nothing to merge into: the override's settings are the module's terraform block.
    setKey(base[0].body, 'terraform', [{ ...t }]);
    return;
  }
  const target = existing;
  for (const [k, v] of Object.entries(t)) {
    if (k !== 'required_providers') {
      setKey(target, k, v);
      continue;
    }
    const existing = blockBodies(target.required_providers);
    const merged: JsonObject = {};
    for (const rp of [...existing, ...blockBodies(v)]) for (const [name, spec] of Object.entries(rp)) setKey(merged, name, spec);
    setKey(target, k, Array.isArray(target.required_providers) ? [merged] : merged);
  }
}

/** Arguments and nested block types of `override` replace the original's; lifecycle merges. */
function mergeBody(target: JsonObject, override: JsonObject): void {
  for (const [k, v] of Object.entries(override)) {
    if (k === 'lifecycle') {
      const into = blockBodies(target.lifecycle)[0];
      const from = blockBodies(v)[0];
      if (into && from) {
        for (const [lk, lv] of Object.entries(from)) setKey(into, lk, lv);
        continue;
      }
    }
    if (k === 'dynamic') {
      // `dynamic "x"` replaces every `x` block, static or dynamic.
      const dyn = objectOr(target.dynamic);
      for (const [type, blocks] of Object.entries(objectOr(v))) {
        delete target[type];
        setKey(dyn, type, blocks);
      }
      if (!isObject(target.dynamic)) setKey(target, 'dynamic', dyn);
      continue;
    }
    if (isObject(target.dynamic)) delete target.dynamic[k];
    setKey(target, k, v);
  }
}

function findBase(base: readonly HclFile[], o: HclFile, label: string, pick: (f: HclFile) => JsonObject | undefined): JsonObject {
  for (const f of base) {
    const found = pick(f);
    if (found) return found;
  }
  throw new InputError(`the override file defines ${label}, which no other file of the module defines`, {
    file: o.file,
    hint: 'Terraform only merges override blocks into existing ones ("Missing base configuration for override")',
  });
}

function at(body: JsonObject, ...keys: string[]): JsonObject | undefined {
  let v: Json | undefined = body;
  for (const k of keys) v = isObject(v) && Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
  return blockBodies(v)[0];
}

function one(v: Json, file: HclFile, label: string): JsonObject {
  const bodies = blockBodies(v);
  if (bodies.length !== 1) throw new InputError(`${label} must have exactly one body in the override file`, { file: file.file });
  return bodies[0];
}

function objectOr(v: Json | undefined): JsonObject {
  return isObject(v) ? v : {};
}

function setKey(o: JsonObject, key: string, value: Json): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}
