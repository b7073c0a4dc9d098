/**
 * A normalized model's indexes are computed on first read (src/model/indexes.ts
 * appendDeferredIndexes): the model reads, spreads and serializes exactly as one built with its
 * indexes up front, and the engine sends the resources to its workers before it reads an index.
 */
import * as path from 'node:path';
import { modelData } from '../../src/engine/engine';
import { loadInputs } from '../../src/input/load';
import { appendDeferredIndexes, buildIndexes, INDEX_FIELDS, INDEX_GROUPS, isDeferred } from '../../src/model/indexes';
import type { ModelResource, NormalizedModel } from '../../src/model/types';
import { writeCdktf } from '../../bench/generate';
import { tempDir } from '../helpers';

/** The model as it was built before indexes were deferred: every index computed in its place. */
function eager(model: NormalizedModel): NormalizedModel {
  const out: Record<string, unknown> = {};
  const indexes = buildIndexes(model.resources);
  for (const k of Object.keys(model)) out[k] = (INDEX_FIELDS as readonly string[]).includes(k) ? indexes[k as keyof typeof indexes] : (model as unknown as Record<string, unknown>)[k];
  return out as unknown as NormalizedModel;
}

async function generated(size: number): Promise<NormalizedModel> {
  const file = path.join(tempDir(), 'cdk.tf.json');
  writeCdktf(size, file);
  const [model] = await loadInputs([file]);
  return model;
}

describe('deferred model indexes', () => {
  it('are computed on first read, a group at a time, in their place between the resources and the providers', async () => {
    const model = await generated(200);
    for (const f of INDEX_FIELDS) expect(isDeferred(model, f)).toBe(true);
    expect(INDEX_GROUPS.flat()).toEqual([...INDEX_FIELDS]);
    const keys = Object.keys(model);
    expect(keys.slice(keys.indexOf('by_type'), keys.indexOf('by_type') + INDEX_FIELDS.length)).toEqual([...INDEX_FIELDS]);
    expect(keys.indexOf('by_type')).toBeGreaterThan(keys.indexOf('resources'));
    expect(keys.indexOf('providers')).toBe(keys.indexOf('by_type') + INDEX_FIELDS.length);
    const expected = JSON.stringify(eager(model));
    // Reading one field computes its group, and only its group.
    expect(Object.keys(model.referrers).length).toBeGreaterThan(0);
    for (const f of INDEX_GROUPS[0]) expect(isDeferred(model, f)).toBe(false);
    for (const f of INDEX_GROUPS[1]) expect(isDeferred(model, f)).toBe(true);
    expect(Object.keys(model.json_documents).length).toBeGreaterThan(0);
    for (const f of INDEX_FIELDS) expect(isDeferred(model, f)).toBe(false);
    expect(Object.keys(model)).toEqual(keys);
    expect(JSON.stringify(model)).toBe(expected);
  });

  it('serialize, spread and assign like plain fields', () => {
    const resources: Record<string, ModelResource> = {
      'aws_s3_bucket.b': { address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', module: null, provider: 'aws', region: 'eu-west-1', values: { bucket: 'x' }, unknown: {}, refs: {}, origin: { file: 'x.json' } },
    };
    const make = () => appendDeferredIndexes({ version: 1, resources } as unknown as NormalizedModel, resources);
    const indexes = buildIndexes(resources);
    expect(JSON.parse(JSON.stringify(make()))).toEqual(JSON.parse(JSON.stringify({ version: 1, resources, ...indexes })));
    const spread = { ...make() };
    expect(spread.by_type).toEqual({ aws_s3_bucket: ['aws_s3_bucket.b'] });
    expect(isDeferred(spread, 'by_type')).toBe(false);
    const assigned = make();
    assigned.provisioned = ['aws_s3_bucket.b'];
    expect(assigned.provisioned).toEqual(['aws_s3_bucket.b']);
    // Assigning one computes the others of its group, which keep their values.
    expect(isDeferred(assigned, 'own_region')).toBe(false);
    expect(assigned.own_region).toEqual([]);
    expect(assigned.by_type).toEqual({ aws_s3_bucket: ['aws_s3_bucket.b'] });
  });

  it('are computed by the engine only once the first resources are sent to the workers', async () => {
    const model = await generated(2000);
    const data = modelData({}, model, ['origin']);
    expect(isDeferred(model, 'by_type')).toBe(true);
    const deferredAtChunk: boolean[] = [];
    let bytes = 0;
    const factsDeferredAtChunk: boolean[] = [];
    for (const chunk of data.chunks()) {
      deferredAtChunk.push(isDeferred(model, 'by_type'));
      factsDeferredAtChunk.push(isDeferred(model, 'json_documents'));
      bytes += chunk.byteLength;
    }
    // A 2,000-resource model is a few chunks: the first ones leave with the indexes not computed,
    // and the lookup tables leave before the derived facts are computed.
    expect(deferredAtChunk.length).toBeGreaterThan(2);
    expect(deferredAtChunk[0]).toBe(true);
    expect(deferredAtChunk[deferredAtChunk.length - 1]).toBe(false);
    expect(factsDeferredAtChunk.filter((d, i) => d && !deferredAtChunk[i]).length).toBeGreaterThan(0);
    // The size estimate, made without computing the indexes, is of the size of the whole.
    expect(data.bytes).toBeGreaterThan(bytes * 0.5);
    expect(data.bytes).toBeLessThan(bytes * 2);
  });
});
