/**
 * `synth`: runs the CDKTF (cdktn) app named by `cdktf.json` in a project directory, the way
 * `cdktn synth` does it but without the CLI: the `app` command in a shell, in that directory, with
 * `CDKTF_OUTDIR` and `CDKTF_CONTEXT_JSON` set. The checker never imports the app: whatever the app
 * is written in, its output (`manifest.json` + one `cdk.tf.json` per stack) is what gets checked.
 *
 * The app runs with `CRM_GUARD_SYNTH=1`: a `PolicyGuard` inside it then records construct waivers
 * but leaves the verdict to the caller, so policy violations become the normal report (exit 1)
 * rather than an exception in the middle of synthesis.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError, InputError } from '../errors';
import { readJson } from '../input/read-json';

/** Set in the app's environment: PolicyGuard defers its verdict to the `crm-guard synth` that runs it. */
export const SYNTH_ENV = 'CRM_GUARD_SYNTH';
/** cdktn's own names (the `cdktn` library reads them in `new App()`). */
const OUTDIR_ENV = 'CDKTF_OUTDIR';
const CONTEXT_ENV = 'CDKTF_CONTEXT_JSON';
export const CDKTF_CONFIG_FILE = 'cdktf.json';
/** Where cdktn writes an app's output when cdktf.json names none. */
export const DEFAULT_OUTDIR = 'cdktf.out';

export interface SynthOptions {
  /** The project directory holding `cdktf.json` (default: the working directory). */
  dir?: string;
  /** Output directory (default: `output` in cdktf.json, else `cdktf.out`), relative to `dir`. */
  outdir?: string;
  /** Receives the app's own output (stdout and stderr), so the caller's stdout stays a report. */
  onOutput?: (text: string) => void;
  /** Environment for the app (default: this process's). `TF_VAR_*` are never passed, as in cdktn. */
  env?: NodeJS.ProcessEnv;
}

export interface SynthResult {
  /** Absolute output directory. */
  outdir: string;
  /** Stack names in the manifest, sorted. */
  stacks: string[];
  /** The command that was run. */
  app: string;
}

export interface CdktfProjectConfig {
  app: string;
  output?: string;
  context?: Record<string, unknown>;
  /**
   * The local modules among cdktf.json's `terraformModules` (`./modules/sg`, or `{ "source": ... }`),
   * which the CDKTF CLI hands the app as the `cdktfRelativeModules` context: a `TerraformHclModule`
   * with a local source refuses to synthesize without it.
   */
  relativeModules?: string[];
}

/** A module source that is a local path, as the CDKTF CLI tells them (`./x`, `../x`, `.\x`). */
const LOCAL_MODULE = /^(\.\/|\.\.\/|\.\\|\.\.\\)/;

/** Reads and validates `cdktf.json`: `app` is required; `output` and `context` are optional. */
export function readCdktfConfig(dir: string): CdktfProjectConfig {
  const file = path.join(dir, CDKTF_CONFIG_FILE);
  if (!existsSync(file)) {
    throw new ConfigError(`no ${CDKTF_CONFIG_FILE} in ${dir}`, {
      file,
      hint: `crm-guard synth runs the CDKTF app that ${CDKTF_CONFIG_FILE} names ("app": "npx ts-node main.ts"); run it in the app's directory, or check an existing output with crm-guard check cdktf.out`,
    });
  }
  const raw = readJson(file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('expected a JSON object', { file });
  const cfg = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof cfg.app !== 'string' || cfg.app.trim() === '') problems.push('"app" must be a non-empty command string');
  if (cfg.output !== undefined && (typeof cfg.output !== 'string' || cfg.output === '')) problems.push('"output" must be a non-empty string');
  if (cfg.context !== undefined && (cfg.context === null || typeof cfg.context !== 'object' || Array.isArray(cfg.context))) problems.push('"context" must be an object');
  const modules = cfg.terraformModules;
  const sources: string[] = [];
  if (modules !== undefined) {
    if (!Array.isArray(modules)) problems.push('"terraformModules" must be a list');
    else {
      modules.forEach((m: unknown, i) => {
        const source = typeof m === 'string' ? m : m !== null && typeof m === 'object' && typeof (m as { source?: unknown }).source === 'string' ? (m as { source: string }).source : undefined;
        if (source === undefined) problems.push(`"terraformModules"[${i}] must be a module source or an object with a "source"`);
        else if (LOCAL_MODULE.test(source)) sources.push(source);
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('; '), { file });
  return {
    app: cfg.app as string,
    output: cfg.output as string | undefined,
    context: cfg.context as Record<string, unknown> | undefined,
    ...(sources.length > 0 ? { relativeModules: sources } : {}),
  };
}

/** Runs the app and returns the stacks it wrote. A failing app is an input error (exit 2) with its output's tail. */
export async function synthApp(options: SynthOptions = {}): Promise<SynthResult> {
  const dir = path.resolve(options.dir ?? '.');
  const config = readCdktfConfig(dir);
  const outdir = path.resolve(dir, options.outdir ?? config.output ?? DEFAULT_OUTDIR);
  const manifestFile = path.join(outdir, 'manifest.json');
  const before = existsSync(manifestFile) ? statSync(manifestFile).mtimeMs : undefined;

  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(options.env ?? process.env)) if (!k.startsWith('TF_VAR_')) env[k] = v;
  const inherited = parseContext(env[CONTEXT_ENV]);
  env[OUTDIR_ENV] = outdir;
  // As the CDKTF CLI does; a `cdktfRelativeModules` of the context or of cdktf.json's own context wins.
  const relative = config.relativeModules ? { cdktfRelativeModules: config.relativeModules } : {};
  env[CONTEXT_ENV] = JSON.stringify({ ...relative, ...inherited, ...(config.context ?? {}) });
  env[SYNTH_ENV] = '1';

  const { code, signal, tail } = await run(config.app, dir, env, options.onOutput);
  if (code !== 0) {
    throw new InputError(`the CDKTF app failed (${signal ? `signal ${signal}` : `exit ${code}`}) while synthesizing: ${config.app}`, {
      file: path.join(dir, CDKTF_CONFIG_FILE),
      hint: tail ? `last output: ${tail}` : 'the app printed nothing',
    });
  }
  if (!existsSync(manifestFile) || statSync(manifestFile).mtimeMs === before) {
    throw new InputError(`the CDKTF app exited without writing ${manifestFile}`, {
      file: path.join(dir, CDKTF_CONFIG_FILE),
      hint: 'the app must call app.synth() and honour CDKTF_OUTDIR (new App() does)',
    });
  }
  const manifest = readJson(manifestFile) as { stacks?: Record<string, unknown> };
  if (!manifest || typeof manifest.stacks !== 'object' || manifest.stacks === null || Object.keys(manifest.stacks).length === 0) {
    throw new InputError('synthesis wrote no stacks', { file: manifestFile });
  }
  return { outdir, stacks: Object.keys(manifest.stacks).sort(), app: config.app };
}

function parseContext(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    throw new ConfigError(`${CONTEXT_ENV} is not valid JSON`, { hint: 'unset it or give a JSON object' });
  }
}

const TAIL_LINES = 15;

function run(command: string, cwd: string, env: NodeJS.ProcessEnv, onOutput?: (text: string) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; tail: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { cwd, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      onOutput?.(text);
      buffer = (buffer + text).slice(-16_384);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (e) => reject(new InputError(`cannot run the CDKTF app: ${e.message}`, { file: path.join(cwd, CDKTF_CONFIG_FILE) })));
    child.on('close', (code, signal) => {
      const tail = buffer.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
      resolve({ code, signal, tail });
    });
  });
}

