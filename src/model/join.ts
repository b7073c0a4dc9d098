/**
 * Joins the stacks of one CDKTF app (the stacks of one cdktf.out manifest) into one workload.
 *
 * CDKTF writes a cross-stack reference as an output of the producing stack
 * (`cross-stack-output-<type><name><attr>` = `${<type>.<name>.<attr>}`) and, in the consuming stack,
 * a `data.terraform_remote_state` reading the producer's state, whose attribute is used as
 * `${data.terraform_remote_state.<X>.outputs.<output>}`. Here such a use is resolved the way
 * Terraform resolves it: the remote state names a backend; the app's stack with exactly that
 * backend is the producer; its output `<output>` names the resource. The consuming attribute then
 * references `<producer>:<address>` instead of the remote-state data source.
 *
 * Each model keeps its own `resources` (findings keep their stack) and gains `peers`: every resource
 * of the app's other stacks under `<stack>:<address>`, with references qualified the same way, in
 * `by_type`, `by_provider` and `referrers` too. So a rule that looks for a companion (the key of a
 * queue, the singleton of a region, the destination of a replication) finds it in any stack of the
 * app, and the drill's graph crosses stacks.
 *
 * Fail closed: a remote-state read that cannot be traced (no stack of the app has that backend, the
 * output is missing, or it names no resource) stays a reference to the data source, whose value
 * is unknown before apply, exactly as before the join.
 */
import { buildIndexes, sortKeys } from './indexes';
import { isExpression } from './refs';
import type { Json, JsonObject, ModelResource, NormalizedModel } from './types';

const REMOTE_STATE_TYPE = 'data.terraform_remote_state';
const REMOTE_OUTPUT = /data\.terraform_remote_state\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/** `<stack>:<address>`: how a model names a resource of another stack of its app. */
export function peerAddress(stack: string, address: string): string {
  return `${stack}:${address}`;
}

/** The stack and address of a reference as a model holds it (a peer's, or the model's own). */
export function splitAddress(model: NormalizedModel, ref: string): { stack: string; address: string } {
  const peer = model.peers?.[ref];
  return peer?.stack !== undefined ? { stack: peer.stack, address: peer.address } : { stack: model.stack, address: ref };
}

/**
 * What the policies read as the model: peers sit in `resources` beside the stack's own (by_type and
 * the other indexes already list them), so a rule follows a reference into another stack as into
 * its own. Findings on a peer are dropped by the caller (src/check), its own stack reports them.
 */
export function evaluationView(model: NormalizedModel): NormalizedModel {
  if (!model.peers) return model;
  const { peers, ...rest } = model;
  return { ...rest, resources: sortKeys({ ...model.resources, ...peers }) };
}

/** Joins the models of one app; a single model, or models of other formats, come back unchanged. */
export function joinStacks(models: readonly NormalizedModel[]): NormalizedModel[] {
  if (models.length < 2) return [...models];
  // 1. Each stack's own references with cross-stack reads resolved, as (stack, address) pairs.
  const resolved = new Map<string, Record<string, ResolvedResource>>();
  // `<producer>:<address>` → every remote-state read, in any stack of the app, that resolves to it.
  const reads = new Map<string, Set<string>>();
  for (const m of models) resolved.set(m.stack, resolveRemoteState(m, models, reads));
  // 2. Each stack's view: its own resources plus every other stack's, qualified.
  return models.map((m) => {
    const resources: Record<string, ModelResource> = {};
    for (const r of Object.values(resolved.get(m.stack) ?? {})) resources[r.resource.address] = viewOf(r, m.stack);
    const peers: Record<string, ModelResource> = {};
    for (const other of models) {
      if (other.stack === m.stack) continue;
      for (const r of Object.values(resolved.get(other.stack) ?? {})) {
        const key = peerAddress(other.stack, r.resource.address);
        peers[key] = { ...viewOf(r, m.stack), address: key, provider: peerAddress(other.stack, r.resource.provider), stack: other.stack };
      }
    }
    const all = { ...resources, ...peers };
    const crossStackReads: Record<string, string[]> = {};
    const own = `${m.stack}:`;
    for (const [target, exprs] of reads) crossStackReads[target.startsWith(own) ? target.slice(own.length) : target] = [...exprs].sort();
    return {
      ...m,
      resources: sortKeys(resources),
      peers: sortKeys(peers),
      cross_stack_reads: sortKeys(crossStackReads),
      ...buildIndexes(all),
    };
  });
}

/** The resources of a model and, for every one of them, its references as (stack, address) targets. */
interface ResolvedResource {
  resource: ModelResource;
  refs: Record<string, { stack: string; address: string }[]>;
}

function resolveRemoteState(m: NormalizedModel, app: readonly NormalizedModel[], reads: Map<string, Set<string>>): Record<string, ResolvedResource> {
  const producers = new Map<string, NormalizedModel>();
  for (const ds of Object.values(m.resources)) {
    if (ds.type !== REMOTE_STATE_TYPE) continue;
    const producer = producerOf(ds, m, app);
    if (producer) producers.set(ds.name, producer);
  }
  const out: Record<string, ResolvedResource> = {};
  for (const r of Object.values(m.resources)) {
    const refs: ResolvedResource['refs'] = {};
    for (const [path, targets] of Object.entries(r.refs)) {
      const traced = producers.size > 0 ? traceRemoteReads(valuesAt(r.values, path), producers, reads) : new Map<string, { stack: string; address: string }[]>();
      const list: { stack: string; address: string }[] = [];
      for (const t of targets) {
        const ds = t.startsWith(`${REMOTE_STATE_TYPE}.`) ? traced.get(t.slice(REMOTE_STATE_TYPE.length + 1)) : undefined;
        // A data source all of whose reads in this attribute were traced is replaced by the
        // resources they name; one untraced read keeps it (unknown, never a pass).
        if (ds) list.push(...ds);
        else list.push({ stack: m.stack, address: t });
      }
      refs[path] = list;
    }
    out[r.address] = { resource: r, refs };
  }
  return out;
}

/**
 * The producer of a remote-state read: the one stack of the app (not the reader) whose backend has
 * the data source's literal `backend` type and every setting of its `config` (the reader names
 * where the state is, e.g. bucket, key and region; the writer may add settings that only concern
 * writing, such as `use_lockfile`). None, or more than one, leaves the read untraced.
 */
function producerOf(ds: ModelResource, reader: NormalizedModel, app: readonly NormalizedModel[]): NormalizedModel | undefined {
  const backend = ds.values.backend;
  const config = ds.values.config;
  if (typeof backend !== 'string' || isExpression(backend) || !isObject(config) || Object.keys(config).length === 0) return undefined;
  const hits = app.filter((p) => {
    const b = p.terraform.backend;
    return p.stack !== reader.stack && p.format === 'cdktf' && b?.type === backend && Object.entries(config).every(([k, v]) => k in b.config && canonical(b.config[k]) === canonical(v));
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * Data source name → the (stack, address) targets of every `outputs.<name>` read in `values`, or no
 * entry when any read of that data source is untraceable.
 */
function traceRemoteReads(
  values: readonly Json[],
  producers: ReadonlyMap<string, NormalizedModel>,
  reads: Map<string, Set<string>>,
): Map<string, { stack: string; address: string }[]> {
  const traced = new Map<string, { stack: string; address: string }[]>();
  const failed = new Set<string>();
  const visit = (v: Json): void => {
    if (typeof v === 'string') {
      if (!isExpression(v)) return;
      for (const match of v.matchAll(REMOTE_OUTPUT)) {
        const [, dsName, output] = match;
        const producer = producers.get(dsName);
        const addresses = producer?.outputs?.[output];
        if (!producer || !addresses || addresses.length === 0) {
          failed.add(dsName);
          continue;
        }
        const list = traced.get(dsName) ?? [];
        for (const a of addresses) {
          list.push({ stack: producer.stack, address: a });
          const key = peerAddress(producer.stack, a);
          if (!reads.has(key)) reads.set(key, new Set());
          reads.get(key)?.add(match[0]);
        }
        traced.set(dsName, list);
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  values.forEach(visit);
  for (const f of failed) traced.delete(f);
  return traced;
}

/** A resolved resource as `viewer` names things: its own stack plain, any other `<stack>:<address>`. */
function viewOf(r: ResolvedResource, viewer: string): ModelResource {
  const refs: Record<string, string[]> = {};
  for (const [path, targets] of Object.entries(r.refs)) {
    refs[path] = [...new Set(targets.map((t) => (t.stack === viewer ? t.address : peerAddress(t.stack, t.address))))].sort();
  }
  return { ...r.resource, refs: sortKeys(refs) };
}

/** Every value at an attribute path as the model writes paths (names joined by `.`, lists crossed). */
function valuesAt(values: JsonObject, path: string): Json[] {
  let current: Json[] = [values];
  for (const key of path.split('.')) {
    const next: Json[] = [];
    const step = (v: Json): void => {
      if (Array.isArray(v)) v.forEach(step);
      else if (isObject(v) && key in v) next.push(v[key]);
    };
    current.forEach(step);
    current = next;
  }
  return current;
}

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
