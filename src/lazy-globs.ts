/**
 * picomatch, loaded when a glob is first compiled (rule selections and waiver addresses): most
 * checks have neither, and its modules cost every start a few milliseconds.
 */
import type picomatch from 'picomatch';

let loaded: typeof picomatch | undefined;

export function globs(): typeof picomatch {
  loaded ??= require('picomatch') as typeof picomatch;
  return loaded;
}
