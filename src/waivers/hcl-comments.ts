/**
 * Inline suppressions in HCL, next to the code they excuse (as `#checkov:skip=` or
 * `#trivy:ignore:` are for those tools):
 *
 *   # crm-guard:ignore CRM-NET-001 reason="bastion behind VPN" owner=netops expires=2027-03-31
 *   resource "aws_security_group" "bastion" {
 *     // crm-guard:ignore CRM-NET-003 reason="..." owner=netops expires=2027-03-31
 *     ingress { ... }
 *
 * A directive applies to the resource (or data source) whose header or attribute follows it (the
 * next line that is not blank or a comment). It is a waiver like a waivers-file entry, with the
 * resource implied: the same required fields, rule-id check, expiry, unused and hard-mandatory
 * outcomes (src/waivers/apply.ts). A malformed directive, or one that precedes no resource, is a
 * ConfigError (exit 2) naming the file and line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors';
import type { NormalizedModel } from '../model/types';
import { isCalendarDate, RULE_ID_PATTERN } from './file';
import type { Waiver, WaiverSource } from './types';

/** `# crm-guard:ignore …` or `// crm-guard:ignore …` (also after code on the line? no: a whole-line comment). */
const DIRECTIVE = /^\s*(?:#|\/\/)\s*crm-guard:ignore\b(.*)$/;
const FIELD = /\s*([A-Za-z_]+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))/y;
const FIELDS = ['reason', 'owner', 'expires'] as const;

export interface HclDirective {
  file: string;
  /** 1-based line of the directive. */
  line: number;
  rule: string;
  reason: string;
  owner: string;
  expires: string;
  /** 1-based line of the code it applies to. */
  target: number;
}

interface Block {
  kind: string;
  labels: string[];
  start: number;
  end: number;
}

/**
 * Top-level blocks with their line ranges. Braces are counted outside strings, comments and
 * heredocs (IAM policies in heredocs are full of braces).
 */
export function topLevelBlocks(text: string): Block[] {
  const lines = text.split(/\r?\n/);
  const blocks: Block[] = [];
  let depth = 0;
  let current: Block | null = null;
  let heredoc: string | null = null;
  let inComment = false;
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (heredoc !== null) {
      if (raw.trim() === heredoc) heredoc = null;
      return;
    }
    if (depth === 0 && !inComment) {
      const m = /^\s*([A-Za-z_][A-Za-z0-9_-]*)((?:\s+"[^"]*"|\s+[A-Za-z_][A-Za-z0-9_-]*)*)\s*\{/.exec(raw);
      if (m) {
        current = { kind: m[1], labels: [...m[2].matchAll(/"([^"]*)"|([A-Za-z_][A-Za-z0-9_-]*)/g)].map((x) => x[1] ?? x[2]), start: n, end: n };
        blocks.push(current);
      }
    }
    let inString = false;
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k];
      if (inComment) {
        if (c === '*' && raw[k + 1] === '/') {
          inComment = false;
          k++;
        }
        continue;
      }
      if (inString) {
        if (c === '\\') k++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '#' || (c === '/' && raw[k + 1] === '/')) break;
      else if (c === '/' && raw[k + 1] === '*') {
        inComment = true;
        k++;
      } else if (c === '<' && raw[k + 1] === '<') {
        const h = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(raw.slice(k));
        if (h) {
          heredoc = h[1];
          break;
        }
      } else if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0 && current) {
          current.end = n;
          current = null;
        }
      }
    }
  });
  return blocks;
}

function problem(file: string, line: number, message: string): ConfigError {
  return new ConfigError(message, {
    file,
    path: `line ${line}`,
    hint: 'write: # crm-guard:ignore RULE-ID reason="why" owner=team expires=YYYY-MM-DD, on the line above a resource or one of its attributes',
  });
}

/** Parses the directives of one file; every problem is a ConfigError naming the file and line. */
export function parseHclDirectives(file: string, text: string): HclDirective[] {
  const lines = text.split(/\r?\n/);
  const out: HclDirective[] = [];
  lines.forEach((raw, i) => {
    const m = DIRECTIVE.exec(raw);
    if (!m) return;
    const line = i + 1;
    const rest = m[1];
    const rule = /^\s+(\S+)/.exec(rest)?.[1];
    if (!rule || rule.includes('=')) throw problem(file, line, 'crm-guard:ignore names no rule');
    if (!new RegExp(RULE_ID_PATTERN).test(rule)) throw problem(file, line, `crm-guard:ignore: "${rule}" is not a rule id such as CRM-NET-001`);
    const fields: Record<string, string> = {};
    let pos = (/^\s+\S+/.exec(rest)?.[0].length ?? 0);
    while (pos < rest.length && rest.slice(pos).trim() !== '') {
      FIELD.lastIndex = pos;
      const f = FIELD.exec(rest);
      if (!f) throw problem(file, line, `crm-guard:ignore ${rule}: cannot read "${rest.slice(pos).trim()}" (expected key=value or key="value")`);
      const key = f[1];
      if (!(FIELDS as readonly string[]).includes(key)) throw problem(file, line, `crm-guard:ignore ${rule}: unknown field "${key}" (allowed: ${FIELDS.join(', ')})`);
      if (key in fields) throw problem(file, line, `crm-guard:ignore ${rule}: field "${key}" is given twice`);
      fields[key] = (f[2] !== undefined ? f[2].replace(/\\(.)/g, '$1') : f[3]).trim();
      pos = FIELD.lastIndex;
    }
    const missing = FIELDS.filter((k) => !fields[k]);
    if (missing.length > 0) throw problem(file, line, `crm-guard:ignore ${rule}: missing required field${missing.length > 1 ? 's' : ''} ${missing.map((k) => `"${k}"`).join(', ')}`);
    if (!isCalendarDate(fields.expires)) throw problem(file, line, `crm-guard:ignore ${rule}: field "expires" must be a calendar date YYYY-MM-DD (got ${fields.expires})`);
    let target = line + 1;
    while (target <= lines.length && (lines[target - 1].trim() === '' || /^\s*(#|\/\/)/.test(lines[target - 1]))) target++;
    out.push({ file, line, rule: rule.toUpperCase(), reason: fields.reason, owner: fields.owner, expires: fields.expires, target });
  });
  return out;
}

/** The waivers written as comments in the HCL files of the checked models. */
export const hclCommentWaiverSource: WaiverSource = {
  name: 'HCL inline suppressions',
  load(models: readonly NormalizedModel[]): Waiver[] {
    const out: Waiver[] = [];
    for (const m of models) {
      if (m.format !== 'hcl') continue;
      // The files that define resources; each resource header line names its addresses (one per module call).
      const byFile = new Map<string, Map<number, string[]>>();
      for (const r of Object.values(m.resources)) {
        if (r.origin.line === undefined) continue;
        const lines = byFile.get(r.origin.file) ?? new Map<number, string[]>();
        lines.set(r.origin.line, [...(lines.get(r.origin.line) ?? []), r.address]);
        byFile.set(r.origin.file, lines);
      }
      // Files of the root directory without resources are read too: a directive there applies to nothing.
      for (const file of tfFiles(m.source)) if (!byFile.has(file)) byFile.set(file, new Map());
      for (const [file, headers] of [...byFile.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch {
          continue; // HCL read from stdin: there is no file to read comments from
        }
        if (!text.includes('crm-guard:ignore')) continue;
        const blocks = topLevelBlocks(text);
        for (const d of parseHclDirectives(file, text)) {
          const block = blocks.find((b) => b.start <= d.target && d.target <= b.end);
          if (!block || (block.kind !== 'resource' && block.kind !== 'data')) {
            throw problem(file, d.line, `crm-guard:ignore ${d.rule} does not precede a resource, a data source or one of their attributes`);
          }
          const addresses = [...new Set(headers.get(block.start) ?? [])].sort();
          if (addresses.length === 0) throw problem(file, d.line, `crm-guard:ignore ${d.rule}: the ${block.kind} at line ${block.start} is not part of the checked configuration`);
          out.push({
            id: `${file}:${d.line}`,
            origin: { kind: 'hcl', file, line: d.line },
            rule: d.rule,
            resource: addresses.length === 1 ? addresses[0] : `{${addresses.join(',')}}`,
            stack: m.stack,
            reason: d.reason,
            owner: d.owner,
            expires: d.expires,
          });
        }
      }
    }
    return out;
  },
};

function tfFiles(source: string): string[] {
  try {
    if (!statSync(source).isDirectory()) return [];
    return readdirSync(source)
      .filter((n) => n.endsWith('.tf'))
      .map((n) => path.join(source, n));
  } catch {
    return [];
  }
}
