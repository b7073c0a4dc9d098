/**
 * A finding's identity across runs: rule + stack + resource address, nothing positional (no line
 * numbers, no message text), so editing a file or rewording a message never makes a finding "new".
 */
import { createHash } from 'node:crypto';

export interface FindingIdentity {
  ruleId: string;
  stack: string;
  resource: string;
}

/** sha256 hex over a versioned, unambiguous encoding of the identity. */
export function fingerprintOf(f: FindingIdentity): string {
  return createHash('sha256').update(JSON.stringify(['crm-guard/finding/v1', f.ruleId, f.stack, f.resource])).digest('hex');
}
