import { Testing } from 'cdktn';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { RestoreTesting } from './restore-testing';

describe('RestoreTesting', () => {
  it('tests restores monthly, one selection per resource type, with a source-account-scoped role', () => {
    const doc = JSON.parse(
      Testing.synthScope((scope) => {
        new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
        new RestoreTesting(scope, 'rt', { name: 'crm_prod_restore_tests', region: 'eu-west-1', accountId: '111122223333', vaultArn: 'arn:vault', resources: { RDS: ['arn:db'], S3: ['arn:b1', 'arn:b2'] } });
      }),
    ) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const [plan] = Object.values(doc.resource.aws_backup_restore_testing_plan);
    expect(plan).toMatchObject({ name: 'crm_prod_restore_tests', schedule_expression: 'cron(0 5 1 * ? *)' });
    const selections = Object.values(doc.resource.aws_backup_restore_testing_selection);
    expect(selections.map((s) => [s.name, s.protected_resource_type, s.protected_resource_arns])).toEqual([
      ['crm_prod_restore_tests_rds', 'RDS', ['arn:db']],
      ['crm_prod_restore_tests_s3', 'S3', ['arn:b1', 'arn:b2']],
    ]);
    const [role] = Object.values(doc.resource.aws_iam_role);
    expect(String(role.assume_role_policy)).toContain('111122223333');
  });
});
