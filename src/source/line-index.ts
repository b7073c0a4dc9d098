/**
 * Line numbers of offsets in a text, for messages and source locations. One question (an error's
 * line) is answered by counting (lineAt). For many, a LineIndex finds the line starts once, on the
 * first question, and each offset is then a binary search: asking for every block of a large file
 * costs the file's length plus a logarithm per block, where counting the newlines before each
 * offset again cost the file's length per block (minutes for a few thousand blocks).
 */

/** The 1-based line of one character offset, by counting the newlines before it. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The lines of many offsets of one text. */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** The 1-based line of `offset` (an offset past the end is on the last line). */
  lineOf(offset: number): number {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}
