/**
 * Synthesizes constructs in isolation for structural tests: a throw-away stack with a primary
 * (eu-west-1) and a `dr` (eu-central-1) AWS provider, returned as parsed Terraform JSON.
 */
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktn';

export type Body = Record<string, unknown>;

export interface Synthesized {
  resource: Record<string, Record<string, Body>>;
  data?: Record<string, Record<string, Body>>;
  locals?: Record<string, unknown>;
}

export const TEST_ACCOUNT = '111122223333';

export function synthConstruct(build: (stack: TerraformStack, dr: AwsProvider) => void): Synthesized {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const dr = new AwsProvider(stack, 'aws-dr', { region: 'eu-central-1', alias: 'dr' });
  build(stack, dr);
  return JSON.parse(Testing.synth(stack)) as Synthesized;
}

/** Every resource of a type. */
export function all(doc: Synthesized, type: string): Body[] {
  return Object.values(doc.resource[type] ?? {});
}

/** The only resource of a type (fails loudly when there are none or several). */
export function one(doc: Synthesized, type: string): Body {
  const found = all(doc, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/**
 * Logical-id prefix CDKTF derives from a construct path: a segment the previous kept segment ends
 * with is dropped (`dr-vault/vault` → `dr-vault`), and characters outside [A-Za-z0-9_-] vanish.
 */
function logicalPrefix(path: string): string {
  const kept: string[] = [];
  for (const seg of path.split('/')) if (kept.length === 0 || !kept[kept.length - 1].endsWith(seg)) kept.push(seg);
  return kept.map((s) => s.replace(/[^A-Za-z0-9_-]/g, '')).join('_');
}

/** [logical name, body] of the resource of a type at a construct path under the stack. */
export function locate(resources: Synthesized['resource'], type: string, path: string): [string, Body] {
  const logical = logicalPrefix(path);
  const found = Object.entries(resources[type] ?? {}).filter(([name]) => name.replace(/_[0-9A-F]{8}$/, '') === logical);
  if (found.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${found.length}`);
  return found[0];
}

/** The resource of a type at a construct path under the stack (`site/keys/database/key`). */
export function at(doc: Synthesized, type: string, path: string): Body {
  return locate(doc.resource, type, path)[1];
}

/** `${type.name...}` reference prefix of the resource of a type at a construct path. */
export function ref(doc: Synthesized, type: string, path: string): string {
  const logical = logicalPrefix(path);
  const name = Object.keys(doc.resource[type] ?? {}).find((n) => n.replace(/_[0-9A-F]{8}$/, '') === logical);
  if (!name) throw new Error(`no ${type} at ${path}`);
  return `\${${type}.${name}.`;
}

/** A JSON document attribute (policies, container definitions), parsed. */
export function json<T = Record<string, unknown>>(value: unknown): T {
  return JSON.parse(String(value)) as T;
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export function statements(policy: unknown): Statement[] {
  return json<{ Statement: Statement[] }>(policy).Statement;
}
