/**
 * The policy module's imported memory made shareable. OPA's wasm imports its linear memory
 * (`env.memory`, unshared); the engine's first worker parses the model into that memory and the
 * other workers copy the parsed model out of it instead of parsing it again (wasm-runner.ts), which
 * needs the memory to be a shared one (a SharedArrayBuffer the other threads can read). A module
 * can only be given a shared memory when its import declares one, so the import's limits are
 * rewritten from `min` (or `min, max`) to `shared min, max`: the code is unchanged (plain loads and
 * stores are valid on shared memory), only the import's declaration is.
 *
 * Reads the module's section headers and its import section (WebAssembly core specification,
 * binary format 5.5.2 / 5.5.5); every other byte is kept as it is.
 */

/** The largest wasm32 memory, in 64 KiB pages: the maximum the rewritten import declares. */
export const WASM32_MAX_PAGES = 65536;

const IMPORT_SECTION = 2;
const LIMITS_MIN = 0x00;
const LIMITS_MIN_MAX = 0x01;
const LIMITS_SHARED_MIN_MAX = 0x03;

/** A malformed module: the caller compiles the original bytes and lets WebAssembly report it. */
class Malformed extends Error {}

function readU32(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  for (let shift = 0, i = at; shift < 35; shift += 7, i++) {
    if (i >= bytes.length) throw new Malformed('LEB128 past the end');
    const b = bytes[i];
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  throw new Malformed('LEB128 too long');
}

function writeU32(value: number): number[] {
  const out: number[] = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

/** Skips a name (`vec(byte)`). */
function skipName(bytes: Uint8Array, at: number): number {
  const [len, next] = readU32(bytes, at);
  if (next + len > bytes.length) throw new Malformed('name past the end');
  return next + len;
}

/** Skips limits; memory64 limits (flags 0x04-0x07) are not wasm32 and are refused as malformed here. */
function skipLimits(bytes: Uint8Array, at: number): number {
  const flags = bytes[at];
  if (flags > 0x03) throw new Malformed(`limits flags ${flags}`);
  let next = readU32(bytes, at + 1)[1];
  if (flags & 0x01) next = readU32(bytes, next)[1];
  return next;
}

/**
 * `bytes` with its imported memory declared shared (maximum WASM32_MAX_PAGES unless the module
 * declares one), or the bytes unchanged when the import already is shared; undefined when the
 * module imports no memory (it cannot be given a shared one) or cannot be read.
 */
export function withSharedMemoryImport(bytes: Uint8Array): Uint8Array | undefined {
  try {
    if (bytes.length < 8 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return undefined;
    for (let at = 8; at < bytes.length; ) {
      const id = bytes[at];
      const [size, body] = readU32(bytes, at + 1);
      const end = body + size;
      if (end > bytes.length) return undefined;
      if (id !== IMPORT_SECTION) {
        at = end;
        continue;
      }
      let [count, i] = readU32(bytes, body);
      for (; count > 0; count--) {
        i = skipName(bytes, skipName(bytes, i));
        const kind = bytes[i++];
        if (kind === 0x00) i = readU32(bytes, i)[1];
        else if (kind === 0x01) i = skipLimits(bytes, i + 1);
        else if (kind === 0x03) i += 2;
        else if (kind === 0x04) i = readU32(bytes, i + 1)[1];
        else if (kind === 0x02) {
          const flags = bytes[i];
          if (flags === LIMITS_SHARED_MIN_MAX) return bytes;
          if (flags !== LIMITS_MIN && flags !== LIMITS_MIN_MAX) return undefined;
          const [min, afterMin] = readU32(bytes, i + 1);
          const [max, afterLimits] = flags === LIMITS_MIN_MAX ? readU32(bytes, afterMin) : [WASM32_MAX_PAGES, afterMin];
          const limits = [LIMITS_SHARED_MIN_MAX, ...writeU32(min), ...writeU32(max)];
          const sectionBody = Buffer.concat([bytes.subarray(body, i), Buffer.from(limits), bytes.subarray(afterLimits, end)]);
          return Buffer.concat([bytes.subarray(0, at), Buffer.from([IMPORT_SECTION, ...writeU32(sectionBody.length)]), sectionBody, bytes.subarray(end)]);
        } else return undefined;
        if (i > end) return undefined;
      }
      return undefined;
    }
    return undefined;
  } catch (e) {
    if (e instanceof Malformed) return undefined;
    throw e;
  }
}
