/**
 * The S3 VPC endpoint's data perimeter (CRM-NET-019): workloads of this account may reach only
 * buckets this account owns (aws:ResourceAccount), so a compromised task cannot copy CRM data into
 * a foreign bucket through the endpoint; ECR image layers, served from an AWS-owned bucket, stay
 * reachable by name.
 */
export function s3EndpointPolicy(accountId: string, region: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OwnAccountBucketsOnly',
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': accountId, 'aws:ResourceAccount': accountId } },
      },
      {
        Sid: 'EcrImageLayers',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::prod-${region}-starport-layer-bucket/*`,
        Condition: { StringEquals: { 'aws:PrincipalAccount': accountId } },
      },
    ],
  });
}
