/** The repository path and line every CI format points at (annotations, Code Quality, JUnit). */
import * as path from 'node:path';
import type { Finding } from '../check/report';

/**
 * The repository-relative file and line (src/check/repo-location.ts); without one (input outside
 * the checkout, stdin) the origin's file as given, on its line or line 1.
 */
export function repoPlace(f: Finding): { file: string; line: number } {
  if (f.location) return f.location;
  return { file: f.origin.file.split(path.sep).join('/'), line: f.origin.line ?? 1 };
}
