/**
 * Output read by people and their tools (a terminal, a CI log, a Markdown comment) carries no
 * control characters from the input: an ESC from an HCL string would drive the terminal (`\e[31m`),
 * a NUL or SOH ends up raw in the log. C0 controls other than tab and line breaks, DEL and the C1
 * controls are shown as U+FFFD, as the JUnit report already does; the machine formats (JSON,
 * SARIF) keep the exact text, escaped by JSON.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

export function printable(s: string): string {
  return CONTROL.test(s) ? s.replace(CONTROLS, '\uFFFD') : s;
}

/**
 * `value` with every string in it printable: the same object when nothing had to change (the
 * common case costs one test per string), else a copy of what changed.
 */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = printableDeep(value[i] as unknown);
      if (v !== value[i]) (out ??= [...value])[i] = v;
    }
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | undefined;
  const o = value as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const v = printableDeep(o[k]);
    if (v !== o[k]) (out ??= { ...o })[k] = v;
  }
  return (out ?? value) as T;
}
