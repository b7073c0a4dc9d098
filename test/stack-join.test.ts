/**
 * The stacks of one CDKTF app are one workload: cross-stack references (an output of the producing
 * stack read through `data.terraform_remote_state` in the consumer) resolve to the producing
 * resource, companions count in any stack of the app, findings keep their stack, and an untraceable
 * read stays unknown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { check } from '../src/check/check';
import { PolicyEngine } from '../src/engine/engine';
import { loadInputs } from '../src/input/load';
import { evaluationView, joinStacks } from '../src/model/join';
import { normalizeCdktf } from '../src/model/normalize-cdktf';
import type { NormalizedModel } from '../src/model/types';
import { tempDir } from './helpers';

const READ = '${data.terraform_remote_state.cross-stack-reference-input-keys.outputs.cross-stack-output-aws_kms_keykeyarn}';

function backend(stack: string): Record<string, unknown> {
  return { local: { path: `../${stack}/terraform.${stack}.tfstate` } };
}

/** The producer: a key and a GuardDuty detector in eu-west-1, the key's ARN as a cross-stack output. */
function keysStack(outputs: Record<string, unknown> = { 'cross-stack-output-aws_kms_keykeyarn': { value: '${aws_kms_key.key.arn}', sensitive: true } }) {
  return {
    terraform: { backend: backend('keys') },
    provider: { aws: [{ region: 'eu-west-1' }] },
    resource: {
      aws_kms_key: { key: { enable_key_rotation: true } },
      aws_guardduty_detector: { detector: { enable: true } },
    },
    output: outputs,
  };
}

/** The consumer: a queue encrypted with the producer's key, read through remote state. */
function queueStack(remotePath = '../keys/terraform.keys.tfstate') {
  return {
    terraform: { backend: backend('queue') },
    provider: { aws: [{ region: 'eu-west-1' }] },
    data: { terraform_remote_state: { 'cross-stack-reference-input-keys': { backend: 'local', config: { path: remotePath }, workspace: '${terraform.workspace}' } } },
    resource: { aws_sqs_queue: { queue: { name: 'crm-events', kms_master_key_id: READ, tags: { DataClassification: 'confidential' } } } },
  };
}

function app(keys = keysStack(), queue = queueStack()): NormalizedModel[] {
  return joinStacks([normalizeCdktf(keys, 'keys/cdk.tf.json', 'keys'), normalizeCdktf(queue, 'queue/cdk.tf.json', 'queue')]);
}

function writeApp(keys: unknown, queue: unknown): string {
  const dir = tempDir('crm-guard-join-');
  const stacks: Record<string, unknown> = {};
  for (const [name, doc] of [['keys', keys], ['queue', queue]] as const) {
    mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
    writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(doc));
    stacks[name] = { synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '0.24.0', stacks }));
  return dir;
}

describe('joining the stacks of one app', () => {
  it('resolves a remote-state read to the producing resource, and the producer sees its referrer', () => {
    const [keys, queue] = app();
    expect(queue.resources['aws_sqs_queue.queue'].refs.kms_master_key_id).toEqual(['keys:aws_kms_key.key']);
    expect(queue.peers?.['keys:aws_kms_key.key']).toMatchObject({ stack: 'keys', address: 'keys:aws_kms_key.key', type: 'aws_kms_key', provider: 'keys:aws' });
    expect(queue.by_type.aws_kms_key).toEqual(['keys:aws_kms_key.key']);
    expect(keys.referrers['aws_kms_key.key']).toEqual({ aws_sqs_queue: ['queue:aws_sqs_queue.queue'] });
    expect(keys.peers?.['queue:aws_sqs_queue.queue'].refs.kms_master_key_id).toEqual(['aws_kms_key.key']);
    // Which expression names which resource, in every stack's own naming.
    const read = READ.slice(2, -1);
    expect(queue.cross_stack_reads).toEqual({ 'keys:aws_kms_key.key': [read] });
    expect(keys.cross_stack_reads).toEqual({ 'aws_kms_key.key': [read] });
    // Each model keeps only its own resources; values stay as written.
    expect(Object.keys(keys.resources)).toEqual(['aws_guardduty_detector.detector', 'aws_kms_key.key']);
    expect(queue.resources['aws_sqs_queue.queue'].values.kms_master_key_id).toBe(READ);
    expect(queue.resources['aws_sqs_queue.queue'].unknown.kms_master_key_id).toBe(true);
  });

  it('puts peers beside the own resources in what the policies read', () => {
    const [, queue] = app();
    const view = evaluationView(queue);
    expect(Object.keys(view.resources)).toEqual(['aws_sqs_queue.queue', 'data.terraform_remote_state.cross-stack-reference-input-keys', 'keys:aws_guardduty_detector.detector', 'keys:aws_kms_key.key']);
    expect('peers' in view).toBe(false);
  });

  it.each([
    ['the output is missing', keysStack({}), queueStack()],
    ['the output names no resource', keysStack({ 'cross-stack-output-aws_kms_keykeyarn': { value: 'arn:aws:kms:eu-west-1:111122223333:alias/x' } }), queueStack()],
    ['no stack of the app has the backend read', keysStack(), queueStack('../elsewhere/terraform.tfstate')],
  ])('fails closed when %s: the read stays a reference to the remote state', (_why, keys, queue) => {
    const [, q] = app(keys, queue);
    expect(q.resources['aws_sqs_queue.queue'].refs.kms_master_key_id).toEqual(['data.terraform_remote_state.cross-stack-reference-input-keys']);
    expect(q.resources['aws_sqs_queue.queue'].unknown.kms_master_key_id).toBe(true);
  });

  it('leaves a single model and a model without peers unchanged', () => {
    const alone = normalizeCdktf(queueStack(), 'queue/cdk.tf.json', 'queue');
    expect(joinStacks([alone])).toEqual([alone]);
    expect(evaluationView(alone)).toBe(alone);
  });

  it('joins the stacks of a cdktf.out manifest when loading', async () => {
    const [keys, queue] = await loadInputs([writeApp(keysStack(), queueStack())]);
    expect(keys.stack).toBe('keys');
    expect(queue.resources['aws_sqs_queue.queue'].refs.kms_master_key_id).toEqual(['keys:aws_kms_key.key']);
  });
});

describe('a joined app through the wasm engine', () => {
  let engine: PolicyEngine;
  beforeAll(async () => {
    engine = await PolicyEngine.load();
  });

  it('counts a companion of another stack of the app (the region’s GuardDuty detector), and not of a stack checked alone', async () => {
    const dir = writeApp(keysStack(), queueStack());
    const joined = await check([dir], { engine });
    expect(joined.report.findings.filter((f) => f.ruleId === 'CRM-NET-015')).toEqual([]);
    const alone = await check([path.join(dir, 'stacks', 'queue', 'cdk.tf.json')], { engine });
    expect(alone.report.findings.filter((f) => f.ruleId === 'CRM-NET-015').map((f) => [f.stack, f.resource])).toEqual([['queue', 'provider.aws']]);
  });

  it('proves a customer-managed key of another stack of the app, and fails closed when the read cannot be traced', async () => {
    const joined = await check([writeApp(keysStack(), queueStack())], { engine });
    expect(joined.report.findings.filter((f) => f.ruleId === 'CRM-ENC-016')).toEqual([]);
    const untraced = await check([writeApp(keysStack({}), queueStack())], { engine });
    expect(untraced.report.findings.filter((f) => f.ruleId === 'CRM-ENC-016').map((f) => [f.stack, f.resource, f.unverifiable])).toEqual([['queue', 'aws_sqs_queue.queue', true]]);
  });

  it('reports each finding once, in the stack that declares the resource', async () => {
    const keys = keysStack();
    (keys.resource.aws_guardduty_detector.detector as { enable: boolean }).enable = false;
    const { report } = await check([writeApp(keys, queueStack())], { engine });
    const detector = report.findings.filter((f) => f.resource === 'aws_guardduty_detector.detector' && f.ruleId === 'CRM-NET-015');
    expect(detector.map((f) => f.stack)).toEqual(['keys']);
    expect(report.findings.filter((f) => f.resource.includes(':'))).toEqual([]);
    expect(report.stacks.map((s) => [s.name, s.resources])).toEqual([
      ['keys', 2],
      ['queue', 2],
    ]);
  });
});
