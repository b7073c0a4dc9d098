import { LocalBackend, S3Backend, type TerraformStack } from 'cdktn';
import type { BackendConfig } from './config';

/**
 * Configures where a stack keeps its Terraform state. Local (the default) keeps synth and tests
 * offline; its path is relative and written as `../<stack>/terraform.<stack>.tfstate`, which names
 * the same file from the stack's own directory and from any stack that reads its outputs, and keeps
 * the synthesized JSON byte-identical on every machine. S3 encrypts state with a CMK and locks it
 * with an S3 lock file.
 */
export function configureBackend(stack: TerraformStack, stackId: string, backend: BackendConfig): void {
  if (backend.type === 'local') {
    new LocalBackend(stack, { path: `../${stackId}/terraform.${stackId}.tfstate` });
    return;
  }
  new S3Backend(stack, {
    bucket: backend.bucket,
    key: `${backend.keyPrefix}/${stackId}.tfstate`,
    region: backend.region,
    encrypt: true,
    kmsKeyId: backend.kmsKeyId,
  });
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
}
