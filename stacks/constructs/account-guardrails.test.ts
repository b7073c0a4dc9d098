import { AccountGuardrails } from './account-guardrails';
import { one, synthConstruct, TEST_ACCOUNT } from './test-kit';

describe('AccountGuardrails', () => {
  const doc = synthConstruct((s) => new AccountGuardrails(s, 'guardrails', { accountId: TEST_ACCOUNT }));

  it('sets a password policy at the CIS bar (14 characters, all classes, 24 remembered)', () => {
    expect(one(doc, 'aws_iam_account_password_policy')).toMatchObject({
      minimum_password_length: 14,
      require_lowercase_characters: true,
      require_uppercase_characters: true,
      require_numbers: true,
      require_symbols: true,
      password_reuse_prevention: 24,
      max_password_age: 90,
    });
  });

  it('blocks public access for every bucket of the account', () => {
    expect(one(doc, 'aws_s3_account_public_access_block')).toMatchObject({
      account_id: TEST_ACCOUNT,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });
});
