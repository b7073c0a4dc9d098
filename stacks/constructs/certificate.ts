import { AcmCertificate } from '@cdktn/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktn/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';

export interface PublicCertificateProps {
  domainName: string;
  /** Public hosted zone that proves ownership (DNS validation). */
  zoneId: string;
  /**
   * The validation record of a certificate for the same name in another region. ACM uses one CNAME
   * per domain and account, so the second region reuses it instead of declaring it twice.
   */
  sharedValidationRecord?: Route53Record;
  provider?: TerraformProvider;
}

/** A DNS-validated ACM certificate for the load balancer of one region. */
export class PublicCertificate extends Construct {
  readonly certificate: AcmCertificate;
  readonly validationRecord: Route53Record;
  /** ARN of the certificate once validated (use this on listeners). */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: PublicCertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, 'certificate', {
      provider: props.provider,
      domainName: props.domainName,
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      options: { certificateTransparencyLoggingPreference: 'ENABLED' },
      lifecycle: { createBeforeDestroy: true },
    });
    const option = this.certificate.domainValidationOptions.get(0);
    this.validationRecord =
      props.sharedValidationRecord ??
      new Route53Record(this, 'validation', {
        provider: props.provider,
        zoneId: props.zoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      });
    const validation = new AcmCertificateValidation(this, 'validation-wait', {
      provider: props.provider,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: [this.validationRecord.fqdn],
    });
    this.arn = validation.certificateArn;
  }
}
