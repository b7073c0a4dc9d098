/**
 * JSON Schema validators compiled on first use. Loading ajv and compiling a schema costs tens of
 * milliseconds, which every CLI start would pay at import time; a run that never validates a
 * waivers file, baseline or construct waiver (most runs) now never pays it. One ajv instance
 * (`allErrors`: every problem is reported) compiles them all, so its meta-schema is compiled once.
 */
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';

let shared: Ajv | undefined;

/** The shared ajv instance, created on first use. */
export function sharedAjv(): Ajv {
  if (!shared) {
    // Required here, not imported at the top: importing this module must not load ajv.
    const AjvClass = (require('ajv') as typeof import('ajv')).default;
    shared = new AjvClass({ allErrors: true });
  }
  return shared;
}

/** A function returning the validator of `schema`, compiled the first time it is called. */
export function lazyValidator(schema: object): () => ValidateFunction {
  let validate: ValidateFunction | undefined;
  return () => (validate ??= sharedAjv().compile(schema));
}
