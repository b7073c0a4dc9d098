/**
 * A small, self-contained CDKTF stack for the gate tests (independent of the reference stacks):
 * an RDS instance that is unencrypted (CRM-ENC-004, high) and public (CRM-NET-009, critical, so
 * hard-mandatory), a KMS key with rotation on, and a log group with a short retention.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PolicyEngine } from '../../src/engine/engine';
import { runCli, tempDir, type CliRun } from '../helpers';

export type Doc = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  [k: string]: unknown;
};

export function legacyDoc(): Doc {
  return {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, required_version: '~> 1.9' },
    provider: { aws: [{ region: 'eu-west-1' }] },
    resource: {
      aws_kms_key: { db: { description: 'crm db', enable_key_rotation: true, deletion_window_in_days: 30 } },
      aws_db_instance: {
        crm: {
          '//': { metadata: { path: 'legacy/database/instance', uniqueId: 'crm' } },
          engine: 'postgres',
          storage_encrypted: false,
          publicly_accessible: true,
        },
      },
      aws_cloudwatch_log_group: { app: { name: '/crm/app', retention_in_days: 1 } },
    },
  };
}

/** Writes `<dir>/stacks/<stack>/cdk.tf.json` (the stack name comes from the folder). */
export function writeDoc(doc: unknown, stack = 'legacy', dir = tempDir()): string {
  const file = path.join(dir, 'stacks', stack, 'cdk.tf.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

let engine: Promise<PolicyEngine> | undefined;
/** One warm engine per test file. */
export function sharedEngine(): Promise<PolicyEngine> {
  engine ??= PolicyEngine.load();
  return engine;
}

export function writeYaml(text: string, name = 'waivers.yaml', dir = tempDir()): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Runs the CLI in-process with a chosen working directory (for waiver-file discovery). */
export function runCliIn(cwd: string, args: string[]): Promise<CliRun> {
  return runCli(args, '', cwd);
}
