import { s3EndpointPolicy } from './s3-endpoint-policy';

describe('s3EndpointPolicy', () => {
  it('limits reachable buckets to the account and names the ECR layer bucket of the region', () => {
    const doc = JSON.parse(s3EndpointPolicy('111122223333', 'eu-central-1')) as { Statement: { Sid: string; Resource: string; Condition: Record<string, Record<string, string>> }[] };
    const own = doc.Statement.find((s) => s.Sid === 'OwnAccountBucketsOnly');
    expect(own?.Condition.StringEquals).toEqual({ 'aws:PrincipalAccount': '111122223333', 'aws:ResourceAccount': '111122223333' });
    expect(doc.Statement.find((s) => s.Sid === 'EcrImageLayers')?.Resource).toBe('arn:aws:s3:::prod-eu-central-1-starport-layer-bucket/*');
  });
});
