/**
 * Terraform expression scanning: finds the resource addresses a string value references.
 * Works on `${...}` interpolations anywhere in a string, including JSON documents built
 * with JSON.stringify around tokens and `${jsonencode({...})}` expressions.
 */

/** Dotted identifier chains such as `aws_kms_key.crm.arn` or `data.aws_iam_policy_document.p.json`. */
const CHAIN = /[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)+/g;

/** An instance key at the start of the text: `[0]` or `["a"]`. */
const INSTANCE_KEY = /^\[(?:\d+|"(?:[^"\\]|\\.)*")\]/;

/** `module.a[0].module.b["x"].aws_s3_bucket.b["k"]` → `module.a.module.b.aws_s3_bucket.b`: the configuration address, without instance keys. */
export function stripInstanceKeys(address: string): string {
  return address.replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g, '');
}

/** A string Terraform reads as a template: `${...}` interpolations or `%{ if }` / `%{ for }` directives. */
export function isExpression(s: string): boolean {
  return s.includes('${') || s.includes('%{');
}

/**
 * Candidate addresses named in the expressions of `s`: `type.name`, `data.type.name` and
 * `module.name`. The caller keeps those that exist, so `var.x`, `local.y` and function names
 * fall away without a grammar.
 */
export function candidateAddresses(s: string): string[] {
  return candidateTargets(s).map((t) => t.base);
}

/**
 * Like candidateAddresses, with the instance key written right after the name, if any
 * (`aws_s3_bucket.b["a"].id` → base `aws_s3_bucket.b`, index `["a"]`).
 */
export function candidateTargets(s: string): { base: string; index?: string }[] {
  const out: { base: string; index?: string }[] = [];
  let start = s.indexOf('${');
  while (start !== -1) {
    const end = interpolationEnd(s, start + 2);
    const expr = s.slice(start + 2, end);
    CHAIN.lastIndex = 0;
    for (let m = CHAIN.exec(expr); m !== null; m = CHAIN.exec(expr)) {
      // The name is the first two parts of the chain (three after `data`), found by position.
      const chain = m[0];
      const first = chain.indexOf('.');
      let end = chain.indexOf('.', first + 1);
      if (first === 4 && chain.startsWith('data')) {
        if (end === -1) continue; // `data.x`: no name yet
        end = chain.indexOf('.', end + 1);
      }
      const base = end === -1 ? chain : chain.slice(0, end);
      // A key right after the name (`aws_s3_bucket.b["a"].id`), when the chain ends at the name.
      const after = end === -1 ? INSTANCE_KEY.exec(expr.slice(m.index + chain.length))?.[0] : undefined;
      out.push(after ? { base, index: after } : { base });
      // `module.m.aws_x.y.attr` (a module output followed into the called module, see
      // normalize-hcl.ts): also the object inside the module.
      if (end !== -1 && base.startsWith('module.')) {
        const inner = moduleObject(chain.split('.'));
        if (inner !== undefined) out.push({ base: inner });
      }
    }
    start = s.indexOf('${', end);
  }
  return out;
}

/** `module.a[.module.b…].<type>.<name>` (or `.data.<type>.<name>`) at the start of a chain's parts, if it names one. */
function moduleObject(parts: string[]): string | undefined {
  let i = 0;
  while (parts[i] === 'module' && parts[i + 1] !== undefined) i += 2;
  const size = parts[i] === 'data' ? 3 : 2;
  if (i === 0 || parts.length < i + size) return undefined;
  return parts.slice(0, i + size).join('.');
}

/** Index just past the `}` closing an interpolation that starts at `from` (braces nest). */
function interpolationEnd(s: string, from: number): number {
  let depth = 1;
  let inString = false;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return s.length;
}
