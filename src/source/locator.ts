/**
 * Maps a CDKTF construct path to the TypeScript line that creates it, for messages and SARIF.
 * CDKTF records no creation stack traces in its output, so the locator reads the program's
 * sources once: every `new Class(scope, 'id'` is indexed by id, and a construct is located when
 * its leaf id (and the resource class, when known) identifies exactly one creation site.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from './line-index';

export interface SourceLocation {
  /** Relative to the source root, with forward slashes. */
  file: string;
  line: number;
}

interface Site extends SourceLocation {
  cls: string;
  /** The class whose code creates it (the nearest `class X` above the site), if any. */
  owner?: string;
}

const SKIP = new Set(['node_modules', 'dist', 'cdktf.out', '.git', '.tools', 'coverage', 'bundle']);
const CREATION = /new\s+([A-Z][A-Za-z0-9_]*)\s*\(\s*[A-Za-z_$][\w$.]*\s*,\s*(['"`])([^'"`$]+)\2/g;

export class SourceLocator {
  private readonly byId = new Map<string, Site[]>();

  constructor(readonly root: string) {
    for (const file of tsFiles(root)) this.index(file);
  }

  private index(file: string): void {
    const text = readFileSync(file, 'utf8');
    const rel = path.relative(this.root, file).split(path.sep).join('/');
    const classes = [...text.matchAll(/\bclass\s+([A-Za-z_$][\w$]*)/g)].map((c) => ({ at: c.index, name: c[1] }));
    const lines = new LineIndex(text);
    // Creation sites come in text order: the owner is the last class declared before the site.
    let next = 0;
    for (const m of text.matchAll(CREATION)) {
      const line = lines.lineOf(m.index);
      while (next < classes.length && classes[next].at < m.index) next++;
      const owner = next > 0 ? classes[next - 1].name : undefined;
      const list = this.byId.get(m[3]) ?? [];
      list.push({ file: rel, line, cls: m[1], ...(owner ? { owner } : {}) });
      this.byId.set(m[3], list);
    }
  }

  /** The creation site of a construct, or undefined when it cannot be told apart. */
  locate(constructPath: string, resourceType?: string): SourceLocation | undefined {
    const id = constructPath.split('/').pop() ?? '';
    let sites = this.byId.get(id) ?? [];
    if (resourceType && sites.length > 1) {
      const cls = classNameFor(resourceType);
      const typed = sites.filter((s) => s.cls === cls || s.cls.startsWith(cls));
      if (typed.length > 0) sites = typed;
    }
    if (sites.length !== 1) return undefined;
    return { file: sites[0].file, line: sites[0].line };
  }

  /**
   * The construct's own creation site, else the nearest ancestor's that can be told apart: a
   * resource created in a loop (a template id) is located at the construct that makes the loop.
   * The first path segment (the stack) is not searched.
   */
  locateNearest(constructPath: string, resourceType?: string): SourceLocation | undefined {
    const parts = constructPath.split('/');
    for (let n = parts.length; n > 1; n--) {
      const found = this.site(parts.slice(0, n), n === parts.length ? resourceType : undefined);
      if (found) return { file: found.file, line: found.line };
    }
    return undefined;
  }

  /**
   * Like `locate`, and when an id is created in several places, the one inside the class of its
   * parent construct (two classes in one file both creating an `instance` are told apart).
   */
  private site(parts: readonly string[], resourceType?: string): Site | undefined {
    let sites = this.byId.get(parts[parts.length - 1]) ?? [];
    if (resourceType && sites.length > 1) {
      const cls = classNameFor(resourceType);
      const typed = sites.filter((s) => s.cls === cls || s.cls.startsWith(cls));
      if (typed.length > 0) sites = typed;
    }
    if (sites.length > 1 && parts.length > 2) {
      const parent = this.site(parts.slice(0, -1));
      const inParent = parent ? sites.filter((s) => s.owner === parent.cls) : [];
      if (inParent.length > 0) sites = inParent;
    }
    return sites.length === 1 ? sites[0] : undefined;
  }
}

/** `aws_db_instance` → `DbInstance` (the @cdktn/provider-aws class name, which may carry a suffix). */
export function classNameFor(type: string): string {
  return type
    .replace(/^data\./, 'data_')
    .replace(/^aws_/, '')
    .split('_')
    .map((p) => (p ? p[0].toUpperCase() + p.slice(1) : p))
    .join('');
}

function tsFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => {
      if (e.isDirectory()) return SKIP.has(e.name) || e.name.startsWith('.') ? [] : tsFiles(path.join(dir, e.name));
      return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : [];
    });
}
