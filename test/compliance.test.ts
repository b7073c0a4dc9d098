/**
 * The compliance view never passes or fails a control that has no resource in scope: it is "not
 * evaluated". Service-named controls (Security Hub `DynamoDB.4`, `CloudTrail.6`) are scoped to their
 * service's resources, so a rule mapped to several services only speaks for the ones present.
 */
import { check } from '../src/check/check';
import { complianceView, type ComplianceView } from '../src/check/compliance';
import type { CrmGuardConfig } from '../src/config/load';
import { writeStack } from './helpers';

const ENVELOPE = {
  terraform: { required_version: '~> 1.9', required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } } },
  provider: { aws: [{ region: 'eu-west-1' }] },
};

async function viewOf(resource: Record<string, unknown>, config: CrmGuardConfig = {}): Promise<ComplianceView> {
  const { report, models } = await check([writeStack({ ...ENVELOPE, resource }, 'compliance')], { config });
  return complianceView(report, models);
}

function status(view: ComplianceView, control: string, framework = 'aws-fsbp'): string | undefined {
  return view.controls.find((c) => c.framework === framework && c.control === control)?.status;
}

describe('compliance view: no resource in scope means not evaluated', () => {
  it('CloudTrail.6/.7 are not evaluated (not PASS) when the input has buckets but no trail', async () => {
    const view = await viewOf({ aws_s3_bucket: { files: { bucket: 'crm-files' } } }, { account_baseline_external: true });
    expect(status(view, 'CloudTrail.6')).toBe('not-evaluated');
    expect(status(view, 'CloudTrail.7')).toBe('not-evaluated');
    // the same rule's bucket controls are evaluated
    expect(status(view, 'S3.5')).toBe('fail');
  });

  it('DynamoDB.4 is not evaluated (not FAIL) when an unbacked database fails the shared backup rule', async () => {
    const view = await viewOf({ aws_db_instance: { crm: { engine: 'postgres', instance_class: 'db.r6g.large' } } });
    const coverage = view.controls.find((c) => c.control === 'RDS.26');
    expect(coverage?.rules).toContainEqual(expect.objectContaining({ id: 'CRM-BDR-005', status: 'fail' }));
    expect(status(view, 'DynamoDB.4')).toBe('not-evaluated');
    expect(status(view, 'EFS.2')).toBe('not-evaluated');
  });

  it('a DynamoDB table outside every backup plan fails DynamoDB.4', async () => {
    const view = await viewOf({ aws_dynamodb_table: { sessions: { name: 'crm-sessions', hash_key: 'id', attribute: [{ name: 'id', type: 'S' }] } } });
    expect(view.controls.find((c) => c.control === 'DynamoDB.4')?.rules).toContainEqual(expect.objectContaining({ id: 'CRM-BDR-005', status: 'fail' }));
    expect(status(view, 'RDS.26')).toBe('not-evaluated');
  });

  it('an existence control still fails when its subject is missing altogether (no trail at all)', async () => {
    const view = await viewOf({ aws_s3_bucket: { files: { bucket: 'crm-files' } } });
    expect(status(view, 'CloudTrail.1')).toBe('fail');
  });
});

describe('compliance view: change safety', () => {
  it('CHG rules count as not evaluated on CDKTF input (no planned changes)', async () => {
    const view = await viewOf({ aws_db_instance: { crm: { engine: 'postgres', instance_class: 'db.r6g.large' } } });
    const chg = view.controls.flatMap((c) => c.rules).filter((r) => r.id.startsWith('CRM-CHG-'));
    expect(chg.length).toBeGreaterThan(0);
    expect(new Set(chg.map((r) => r.status))).toEqual(new Set(['not-evaluated']));
  });
});
