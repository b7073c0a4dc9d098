/**
 * Policy bundle signatures, in OPA's bundle signature format: `.signatures.json` holds
 * `{"signatures": ["<JWT>"]}`, the JWT (RS256) carrying `{"files": [{"name", "hash", "algorithm":
 * "SHA-256"}], "keyid"}` over every file of the bundle (catalog.json, which holds the entrypoints,
 * and policy.wasm). RS256 (RSASSA-PKCS1-v1_5) is deterministic, so a rebuild from the same
 * sources gives the same bytes and `policy.js verify` can compare them.
 *
 * The shipped bundle is verified against the public key compiled into crm-guard (bundle-key.ts),
 * never against a key found next to the bundle; a prebuilt team bundle against `--bundle-key`.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../errors';

export const SIGNATURES_FILE = '.signatures.json';
/** The files a bundle consists of, all of them signed. */
export const SIGNED_FILES = ['catalog.json', 'policy.wasm'] as const;

interface SignedFile {
  name: string;
  hash: string;
  algorithm: 'SHA-256';
}

interface SignaturePayload {
  files: SignedFile[];
  keyid: string;
}

const HEADER = { alg: 'RS256', typ: 'JWT' };

function b64url(b: Buffer | string): string {
  return Buffer.from(b).toString('base64url');
}

export function sha256Hex(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** `.signatures.json` text for the bundle files (name → bytes), signed with an RSA private key (PEM). */
export function signBundle(files: ReadonlyMap<string, Buffer>, privateKeyPem: string, keyid: string): string {
  const payload: SignaturePayload = {
    files: [...files.keys()].sort().map((name) => ({ name, hash: sha256Hex(files.get(name)!), algorithm: 'SHA-256' })),
    keyid,
  };
  const input = `${b64url(JSON.stringify(HEADER))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(input), createPrivateKey(privateKeyPem));
  return `${JSON.stringify({ signatures: [`${input}.${b64url(signature)}`] }, null, 2)}\n`;
}

export function publicKeyFrom(pem: string, where: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`expected an RSA key, found ${key.asymmetricKeyType}`);
    return key;
  } catch (e) {
    throw new EngineError(`not a usable bundle verification key: ${(e as Error).message}`, { file: where, hint: 'expected an RSA public key in PEM form' });
  }
}

/**
 * Verifies `.signatures.json` in `dir` against `key`: one RS256 JWT whose file list is exactly the
 * bundle's files, each with the SHA-256 given for it (`digests`: file name → sha256Hex of its bytes,
 * computed once by the caller, which also needs them). Returns the key id; EngineError otherwise.
 */
export function verifyBundleSignature(dir: string, digests: ReadonlyMap<string, string>, key: KeyObject, hint: string): string {
  const file = path.join(dir, SIGNATURES_FILE);
  const fail = (why: string): EngineError => new EngineError(`the policy bundle's signature does not verify: ${why}`, { file, hint });
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? `${SIGNATURES_FILE} is missing (the bundle is unsigned)` : `${SIGNATURES_FILE} is unreadable: ${(e as Error).message}`);
  }
  const sigs = (doc as { signatures?: unknown } | null)?.signatures;
  if (!Array.isArray(sigs) || sigs.length !== 1 || typeof sigs[0] !== 'string') throw fail('expected {"signatures": ["<one JWT>"]}');
  const parts = sigs[0].split('.');
  if (parts.length !== 3) throw fail('the signature is not a JWT');
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw fail('the JWT header or payload is not JSON');
  }
  if ((header as { alg?: unknown } | null)?.alg !== 'RS256') throw fail(`unsupported algorithm ${JSON.stringify((header as { alg?: unknown } | null)?.alg)} (expected RS256)`);
  if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'))) throw fail('the signature was not made with the expected key, or the signed claims were changed');
  const p = payload as Partial<SignaturePayload> | null;
  if (!p || !Array.isArray(p.files) || typeof p.keyid !== 'string') throw fail('the signed claims lack "files" or "keyid"');
  const signed = new Map<string, string>();
  for (const f of p.files as unknown[]) {
    const sf = f as Partial<SignedFile> | null;
    if (!sf || typeof sf.name !== 'string' || typeof sf.hash !== 'string' || sf.algorithm !== 'SHA-256' || signed.has(sf.name)) throw fail('a signed file entry is malformed');
    signed.set(sf.name, sf.hash);
  }
  const names = [...digests.keys()].sort();
  if ([...signed.keys()].sort().join('\n') !== names.join('\n')) throw fail(`the signed files (${[...signed.keys()].sort().join(', ')}) are not the bundle's (${names.join(', ')})`);
  for (const name of names) {
    if (signed.get(name) !== digests.get(name)) throw fail(`${name} was changed after signing`);
  }
  return p.keyid;
}
