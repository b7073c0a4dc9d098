/**
 * The policy module's memory import made shareable (src/engine/wasm-memory.ts), so that the first
 * evaluation worker's parsed model can be copied by the others instead of parsed again.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { withSharedMemoryImport, WASM32_MAX_PAGES } from '../../src/engine/wasm-memory';
import { compileWasm } from '../../src/engine/wasm-runner';

type Wasm = {
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => { buffer: ArrayBufferLike };
};
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const utf8 = (s: string): number[] => [s.length, ...Buffer.from(s)];
const section = (id: number, content: number[]): number[] => [id, content.length, ...content];
const TYPES = section(1, [0x01, 0x60, 0x00, 0x00]);
/** A module whose only import is the function `env.f`. */
const NO_MEMORY = Uint8Array.from([...HEADER, ...TYPES, ...section(2, [0x01, ...utf8('env'), ...utf8('f'), 0x00, 0x00])]);

/** A module importing `env.f` (a function) and `env.memory` with the given limits, exporting `store` (i32.store8). */
function moduleWith(memoryLimits: number[]): Uint8Array {
  const type = [0x02, 0x60, 0x00, 0x00, 0x60, 0x02, 0x7f, 0x7f, 0x00];
  const imports = [0x02, ...utf8('env'), ...utf8('f'), 0x00, 0x00, ...utf8('env'), ...utf8('memory'), 0x02, ...memoryLimits];
  const funcs = [0x01, 0x01];
  const exports = [0x01, ...utf8('store'), 0x00, 0x01];
  // store(addr, value): local.get 0, local.get 1, i32.store8 align=0 offset=0
  const body = [0x00, 0x20, 0x00, 0x20, 0x01, 0x3a, 0x00, 0x00, 0x0b];
  const code = [0x01, body.length, ...body];
  return Uint8Array.from([...HEADER, ...section(1, type), ...section(2, imports), ...section(3, funcs), ...section(7, exports), ...section(10, code)]);
}

describe('the policy memory import made shareable', () => {
  it.each([
    ['min only', [0x00, 0x02], WASM32_MAX_PAGES],
    ['min and max', [0x01, 0x02, 0x10], 16],
  ])('declares a %s memory import shared, keeping its limits, and the module then runs on a shared memory', (_, limits, max) => {
    const original = moduleWith(limits);
    expect(() => new wasm.Instance(new wasm.Module(original), { env: { f: () => undefined, memory: new wasm.Memory({ initial: 2, maximum: 16, shared: true }) } })).toThrow(/shared/);
    const patched = withSharedMemoryImport(original) as Uint8Array;
    expect(patched).toBeDefined();
    const memory = new wasm.Memory({ initial: 2, maximum: max, shared: true });
    const instance = new wasm.Instance(new wasm.Module(patched), { env: { f: () => undefined, memory } });
    (instance.exports.store as (a: number, v: number) => void)(70000, 42);
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(new Uint8Array(memory.buffer)[70000]).toBe(42);
  });

  it('leaves a module that already imports a shared memory as it is, and gives up on one that imports none or cannot be read', () => {
    const shared = moduleWith([0x03, 0x02, 0x10]);
    expect(withSharedMemoryImport(shared)).toBe(shared);
    expect(withSharedMemoryImport(NO_MEMORY)).toBeUndefined();
    expect(withSharedMemoryImport(Uint8Array.from([1, 2, 3]))).toBeUndefined();
    // An import section cut short inside the memory import's limits.
    const cut = moduleWith([0x00, 0x02]);
    expect(withSharedMemoryImport(cut.subarray(0, 40))).toBeUndefined();
  });

  it('compiles the shipped bundle with a shared memory, and a module without a memory import as written', () => {
    const file = path.join(__dirname, '..', '..', 'bundle', 'policy.wasm');
    expect(compileWasm(readFileSync(file), file).sharedMemory).toBe(true);
    expect(compileWasm(Buffer.from(NO_MEMORY), 'x.wasm').sharedMemory).toBe(false);
  });
});
