/**
 * The names of the drill report formats, for `drill --format` and its help. Kept apart from the
 * registry (registry.ts), which loads every formatter, so the CLI can describe its options without
 * loading them; registry.ts checks the two lists agree.
 */
export const DRILL_FORMAT_NAMES: readonly string[] = ['text', 'json', 'markdown'];
