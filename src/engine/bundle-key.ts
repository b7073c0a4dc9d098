/**
 * The public key the shipped policy bundle is verified with (RSA, PEM). It is compiled into
 * crm-guard rather than read from the bundle folder, so replacing the bundle files cannot replace
 * the key too. The matching private key signs the bundle at build time (`npm run policy:build`;
 * CRM_GUARD_BUNDLE_SIGNING_KEY names another key file, e.g. a release key held by CI).
 */
export const SHIPPED_BUNDLE_KEY_ID = 'crm-guard-bundle-2026';

export const SHIPPED_BUNDLE_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAh8pkv/n7a27+4qU6jqDz
Xt0OPc3uLr1QwyCyYc+hFO41GKCrFVNsg7JfSt+QO5NIQ4IIPVv0tloBCdI5SCcF
HLMWKeheECNhG6kB0nSFHKPFooavufOCz4kAIUcXmXZ8WjsQup2N+kg359un1iqr
qipHlol6Q4N3Xf8jDGK1KWOvN/etsaq3rqllIDCxmEFGfpAI5cN/Gl5G3qZ2hsyf
MPBhpCoBwDE3j5lf0rDPBOm75paNVZXo12CdqHVBZLY19wbfs2LUJrs3+1WV6doN
vIe+Z91mwkyN2wp8wvk07dOZkAuAs/ELiiOhkS9MthKkAEr35Tq6lomEmVSldbug
kQIDAQAB
-----END PUBLIC KEY-----
`;
