/**
 * Terraform expression scanning: finds the resource addresses a string value references.
 * Works on `${...}` interpolations anywhere in a string, including JSON documents built
 * with JSON.stringify around tokens and `${jsonencode({...})}` expressions.
 */

/** Dotted identifier chains such as `aws_kms_key.crm.arn` or `data.aws_iam_policy_document.p.json`. */
const CHAIN = /[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)+/g;

export function isExpression(s: string): boolean {
  return s.includes('${');
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
    for (const m of expr.matchAll(CHAIN)) {
      const parts = m[0].split('.');
      const nameParts = parts[0] === 'data' ? 3 : 2;
      if (parts.length < nameParts) continue;
      const base = parts.slice(0, nameParts).join('.');
      const after = parts.length === nameParts ? /^\[(?:\d+|"(?:[^"\\]|\\.)*")\]/.exec(expr.slice(m.index + m[0].length))?.[0] : undefined;
      out.push(after ? { base, index: after } : { base });
    }
    start = s.indexOf('${', end);
  }
  return out;
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
