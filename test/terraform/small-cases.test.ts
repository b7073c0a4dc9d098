/** Issue 12 §7: literal KMS key ids, engine defaults, and the `cloud` block as a backend (HCL and plan). */
import { findingMessages, findings, loadHcl, loadPlan, planDoc, PROVIDER_TF } from './harness';

describe('a literal KMS key id or customer alias is a customer-managed key, known before apply', () => {
  const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
  it.each([
    ['HCL', () => loadHcl({ 'main.tf': `${PROVIDER_TF}resource "aws_sqs_queue" "q" {\n  name = "q"\n  kms_master_key_id = "${KEY_ID}"\n}\nresource "aws_sns_topic" "t" {\n  name = "t"\n  kms_master_key_id = "alias/crm-events"\n}\n` })],
    ['plan', () => loadPlan(planDoc([{ address: 'aws_sqs_queue.q', values: { name: 'q', kms_master_key_id: KEY_ID } }, { address: 'aws_sns_topic.t', values: { name: 't', kms_master_key_id: 'alias/crm-events' } }]))],
  ] as const)('%s', async (_f, load) => {
    const found = await findings(await load());
    expect(found.filter((f) => / aws_(sqs_queue\.q|sns_topic\.t)/.test(f) && /CRM-ENC-/.test(f))).toEqual([]);
  });
});

describe('databases without `engine`', () => {
  it.each([
    ['HCL', () => loadHcl({ 'main.tf': `${PROVIDER_TF}resource "aws_rds_cluster" "c" {\n  cluster_identifier = "crm"\n}\nresource "aws_db_instance" "restored" {\n  snapshot_identifier = "crm-final"\n  instance_class = "db.t3.micro"\n}\n` })],
    ['plan', () => loadPlan(planDoc([{ address: 'aws_rds_cluster.c', values: { cluster_identifier: 'crm', engine: 'aurora' } }, { address: 'aws_db_instance.restored', values: { snapshot_identifier: 'crm-final', instance_class: 'db.t3.micro' } }]))],
  ] as const)('%s: a cluster is aurora (provider default); a snapshot restore is unverifiable, never skipped', async (_f, load) => {
    const m = await load();
    const logs = await findingMessages(m, 'CRM-LOG-012');
    expect(logs.filter((msg) => msg.includes('aws_rds_cluster.c'))).toEqual([expect.stringContaining('(engine aurora) does not export')]);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-LOG-012 aws_db_instance.restored'))).toEqual(['CRM-LOG-012 aws_db_instance.restored ?']);
  });
});

describe('terraform { cloud { } } keeps the state remotely', () => {
  it('HCL: no "no backend" finding', async () => {
    const m = await loadHcl({ 'main.tf': `terraform {\n  cloud {\n    organization = "acme"\n    workspaces {\n      name = "crm"\n    }\n  }\n}\n${PROVIDER_TF}` });
    expect(m.terraform.backend).toEqual({ type: 'cloud', config: { organization: 'acme', workspaces: [{ name: 'crm' }] } });
    expect((await findings(m)).filter((f) => f.startsWith('CRM-SUP-008'))).toEqual([]);
  });
});
