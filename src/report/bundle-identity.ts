/** One line per policy bundle, stating what was evaluated: every report format carries it. */
import type { BundleIdentity } from '../engine/engine';

export function bundleLine(b: BundleIdentity): string {
  const signature = b.signature.verified ? `signature verified (key ${b.signature.keyid})` : `not signed: ${b.signature.reason}`;
  return `policy bundle wasm sha256 ${b.wasmSha256}, source ${b.sourceHash.slice(0, 16)}, OPA ${b.opa}, ${b.rules} rules, crm-guard ${b.crmGuardVersion}, ${signature}`;
}
