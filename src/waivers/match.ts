/**
 * Address globs for waivers (picomatch). Terraform addresses are not paths: `*` matches any run of
 * characters (dots, slashes and brackets included), `?` one character, `{a,b}` alternatives, and
 * square brackets are literal so `aws_instance.web[*]` means "every instance of web". A pattern
 * without wildcards matches exactly that address.
 */
import { globs } from '../lazy-modules';

const GLOB_CHARS = /[*?{}!]/;

export type AddressMatcher = (address: string) => boolean;

export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

export function addressMatcher(pattern: string): AddressMatcher {
  if (!isGlob(pattern)) return (address) => address === pattern;
  // bash: a single `*` crosses `/` (for_each keys may hold slashes); dot: no special leading dots.
  const re = globs().makeRe(pattern.replace(/[[\]]/g, '\\$&'), { bash: true, dot: true });
  return (address) => address === pattern || re.test(address);
}
