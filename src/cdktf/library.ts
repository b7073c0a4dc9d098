/**
 * The CDKTF library the user's constructs come from, found from the constructs themselves.
 *
 * `crm-guard/cdktf` has `cdktn` (or, during the transition, `cdktf`) as an optional peer: it never
 * bundles a copy. Two copies can still meet (a nested install, a linked package, a monorepo), and
 * `instanceof` does not hold across copies. Type tests therefore use the `Symbol.for` markers that
 * cdktn and cdktf both set on their constructs; the one thing that must come from the *same* copy as
 * the user's app, `Aspects` (its registry is keyed by a private symbol), is taken from whichever
 * loaded copy created the construct's stack. If none can be reached, recording fails loudly:
 * a waiver must never be dropped silently.
 */
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { ConfigError } from '../errors';

const STACK = Symbol.for('cdktf/TerraformStack');
const APP = Symbol.for('cdktf/App');
const RESOURCE = Symbol.for('cdktf/TerraformResource');
const DATA_SOURCE = Symbol.for('cdktf/TerraformDataSource');
const RTTI = Symbol.for('jsii.rtti');

/** cdktn's `IAspect`, structurally. */
export interface IAspect {
  visit(node: IConstruct): void;
}

/** A synthesizable stack, structurally: what the guard needs of cdktn's `TerraformStack`. */
export interface StackLike extends IConstruct {
  toTerraform(): unknown;
}

/** A resource or data source, structurally: what waivers need of cdktn's `TerraformElement`. */
export interface ElementLike extends IConstruct {
  addOverride(path: string, value: unknown): void;
}

export function isStack(x: unknown): x is StackLike {
  return x !== null && typeof x === 'object' && STACK in x;
}

export function isApp(x: unknown): x is IConstruct {
  return x !== null && typeof x === 'object' && APP in x;
}

export function isResourceOrDataSource(x: unknown): x is ElementLike {
  return x !== null && typeof x === 'object' && (RESOURCE in x || DATA_SOURCE in x);
}

interface AspectsApi {
  of(scope: IConstruct): { add(aspect: IAspect): void };
}

interface CdkLibrary {
  App?: abstract new (...args: never[]) => unknown;
  TerraformStack?: abstract new (...args: never[]) => unknown;
  TerraformElement?: abstract new (...args: never[]) => unknown;
  Aspects?: AspectsApi;
}

const LIBRARY_INDEX = /[\\/]node_modules[\\/](cdktn|cdktf)[\\/]lib[\\/]index\.js$/;

/** Every copy of cdktn/cdktf this process has loaded, plus the ones resolvable from here and the app. */
function candidateLibraries(): CdkLibrary[] {
  const found: CdkLibrary[] = [];
  const add = (lib: unknown) => {
    if (lib && typeof lib === 'object' && !found.includes(lib as CdkLibrary)) found.push(lib as CdkLibrary);
  };
  for (const [id, mod] of Object.entries(require.cache ?? {})) if (LIBRARY_INDEX.test(id)) add(mod?.exports);
  for (const name of ['cdktn', 'cdktf']) {
    for (const from of [undefined, path.join(process.cwd(), 'noop.js')]) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        add(from === undefined ? require(name) : require(require.resolve(name, { paths: [path.dirname(from)] })));
      } catch {
        // not installed there: the next candidate may be
      }
    }
  }
  return found;
}

/** `cdktn.TerraformStack@0.24.0`: the library and version of a construct's class, for messages. */
export function libraryOf(construct: IConstruct): string {
  for (let proto: unknown = Object.getPrototypeOf(construct); proto; proto = Object.getPrototypeOf(proto)) {
    const ctor = (proto as { constructor?: Record<symbol, unknown> }).constructor;
    const rtti = ctor?.[RTTI] as { fqn?: unknown; version?: unknown } | undefined;
    if (rtti && typeof rtti.fqn === 'string' && /^(cdktn|cdktf)\./.test(rtti.fqn)) return `${rtti.fqn.split('.')[0]}@${String(rtti.version)}`;
  }
  return 'an unknown library';
}

/** `Aspects.of(scope)` from the library copy that created `scope` (or its stack, or its app). */
export function aspectsOf(scope: IConstruct): { add(aspect: IAspect): void } {
  const anchors = [scope, ...[...scope.node.scopes].reverse()].filter((c) => isStack(c) || isApp(c) || isResourceOrDataSource(c));
  const libraries = candidateLibraries();
  for (const anchor of anchors) {
    for (const lib of libraries) {
      const classes = [lib.TerraformStack, lib.App, lib.TerraformElement].filter((c): c is abstract new (...args: never[]) => unknown => typeof c === 'function');
      if (lib.Aspects && classes.some((cls) => anchor instanceof cls)) return lib.Aspects.of(scope);
    }
  }
  const anchor = anchors[0];
  throw new ConfigError(`cannot record crm-guard waivers on ${scope.node.path || '<app>'}: its constructs come from ${anchor ? libraryOf(anchor) : 'no cdktn/cdktf stack'}, a copy of cdktn/cdktf that crm-guard/cdktf cannot reach`, {
    hint: anchor
      ? 'install one copy of cdktn and constructs in the app (npm ls cdktn constructs shows the duplicates; crm-guard declares them as peer dependencies)'
      : 'add waivers to constructs inside a TerraformStack of a cdktn App',
  });
}
