/**
 * One mutation per rule: flip one hardened property in the synthesized JSON and expect exactly
 * that rule, on exactly that resource, and nothing else.
 */
import { check } from '../src/check/check';
import { at, ATTACHMENTS_BUCKET, PRIMARY_DB, primaryStackJson, writeApp, type TfJson } from './helpers';

interface Mutation {
  rule: string;
  what: string;
  /** A fragment the message must contain: the attribute and the failing value. */
  says: string;
  mutate: (doc: TfJson) => string;
}

const mutations: Mutation[] = [
  {
    rule: 'CRM-ENC-004',
    says: '`storage_encrypted = false`',
    what: 'database storage_encrypted = false',
    mutate: (doc) => {
      const [name, db] = at(doc, 'aws_db_instance', PRIMARY_DB);
      db.storage_encrypted = false;
      return `aws_db_instance.${name}`;
    },
  },
  {
    rule: 'CRM-NET-009',
    says: '`publicly_accessible = true`',
    what: 'database publicly_accessible = true',
    mutate: (doc) => {
      const [name, db] = at(doc, 'aws_db_instance', PRIMARY_DB);
      db.publicly_accessible = true;
      return `aws_db_instance.${name}`;
    },
  },
  {
    rule: 'CRM-IAM-010',
    says: 'no aws_s3_bucket_public_access_block bound to it',
    what: 'the bucket public access block removed',
    mutate: (doc) => {
      const [bucket] = at(doc, 'aws_s3_bucket', ATTACHMENTS_BUCKET);
      const pabs = doc.resource.aws_s3_bucket_public_access_block;
      for (const [name, pab] of Object.entries(pabs)) if (pab.bucket === `\${aws_s3_bucket.${bucket}.id}`) delete pabs[name];
      return `aws_s3_bucket.${bucket}`;
    },
  },
  {
    rule: 'CRM-LOG-012',
    says: 'does not export postgresql, upgrade logs',
    what: 'database log exports removed',
    mutate: (doc) => {
      const [name, db] = at(doc, 'aws_db_instance', PRIMARY_DB);
      delete db.enabled_cloudwatch_logs_exports;
      return `aws_db_instance.${name}`;
    },
  },
  {
    rule: 'CRM-BDR-002',
    says: 'for 1 day(s)',
    what: 'database backup retention 1 day',
    mutate: (doc) => {
      const [name, db] = at(doc, 'aws_db_instance', PRIMARY_DB);
      db.backup_retention_period = 1;
      return `aws_db_instance.${name}`;
    },
  },
  {
    rule: 'CRM-INT-001',
    says: '`auto_minor_version_upgrade = false`',
    what: 'database auto_minor_version_upgrade = false',
    mutate: (doc) => {
      const [name, db] = at(doc, 'aws_db_instance', PRIMARY_DB);
      db.auto_minor_version_upgrade = false;
      return `aws_db_instance.${name}`;
    },
  },
  {
    rule: 'CRM-CMP-001',
    says: 'deploys to region us-east-2',
    what: 'a provider alias in us-east-2 is added',
    mutate: (doc) => {
      doc.provider.aws.push({ ...doc.provider.aws[0], alias: 'analytics', region: 'us-east-2' });
      return 'provider.aws.analytics';
    },
  },
  {
    rule: 'CRM-SUP-001',
    says: '`>= 5.0` with no upper bound',
    what: 'AWS provider constraint without an upper bound',
    mutate: (doc) => {
      doc.terraform.required_providers.aws.version = '>= 5.0';
      return 'terraform.required_providers.aws';
    },
  },
];

describe('mutation: one flipped property fires exactly one rule', () => {
  it.each(mutations)('$rule fires when $what', async ({ rule, says, mutate }) => {
    const doc = await primaryStackJson();
    const address = mutate(doc);
    const { report, exitCode } = await check([await writeApp(doc)]);
    expect(report.findings.map((f) => [f.ruleId, f.resource])).toEqual([[rule, address]]);
    expect(report.findings[0].stack).toBe('crm-primary');
    expect(report.findings[0].message).toContain(says);
    expect(exitCode).toBe(1);
  });
});
