/**
 * Typed errors at the edges. Every error the user can cause (bad input, bad config, bad
 * usage) or that the engine raises maps to exit code 2 in exactly one place (the CLI),
 * so an evaluation problem can never be mistaken for a pass.
 */
export interface ErrorLocation {
  /** File the problem is in, as the user named it. */
  file?: string;
  /** JSON path / config key / attribute inside that file. */
  path?: string;
  /** What was expected instead, or how to fix it. */
  hint?: string;
}

export abstract class CrmGuardError extends Error {
  abstract readonly kind: 'input' | 'config' | 'engine' | 'usage';
  readonly exitCode = 2;
  readonly file?: string;
  readonly path?: string;
  readonly hint?: string;

  constructor(message: string, location: ErrorLocation = {}) {
    super(message);
    this.name = new.target.name;
    this.file = location.file;
    this.path = location.path;
    this.hint = location.hint;
  }

  /** One self-contained line for a terminal: where, what, and what was expected. */
  describe(): string {
    const where = [this.file, this.path].filter((s): s is string => Boolean(s)).join(': ');
    const head = where ? `${where}: ${this.message}` : this.message;
    return this.hint ? `${head} (${this.hint})` : head;
  }
}

/** The input could not be read or is not a document crm-guard understands. */
export class InputError extends CrmGuardError {
  readonly kind = 'input' as const;
}

/** A configuration file (or config object) is invalid. */
export class ConfigError extends CrmGuardError {
  readonly kind = 'config' as const;
}

/** The policy engine failed: missing/corrupt bundle, wasm abort, unknown rule in a result. */
export class EngineError extends CrmGuardError {
  readonly kind = 'engine' as const;
}

/** The command line itself is wrong. */
export class UsageError extends CrmGuardError {
  readonly kind = 'usage' as const;
}

export function isCrmGuardError(e: unknown): e is CrmGuardError {
  return e instanceof CrmGuardError;
}
