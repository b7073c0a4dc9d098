/**
 * The thin CLI: parses arguments and calls the library. The process exits in one place
 * (bin/crm-guard.js) with the code returned here: 0 pass, 1 blocking findings, 2 error.
 */
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
// Only what defining the commands needs is imported here; each verb loads its own modules when it
// runs (`await import`): `--version` loads little beyond commander, and `check` not the drill,
// the rule views or ajv (validators compile on first use, src/lazy-validator.ts).
import { exitCodeFor, FAIL_ON_LEVELS, type FailOn } from '../check/report';
import { DRILL_FORMAT_NAMES } from '../drill/format/names';
import { packageVersion } from '../engine/bundle';
import { isCrmGuardError, UsageError } from '../errors';
import { INPUT_FORMAT_CHOICES, type InputFormatChoice } from '../input/format-names';
import { parseMaxInputBytes, parseTimeBudget } from '../input/limits';
import { parseJobs } from '../engine/wasm-runner';
import { formatProfile, ProfileRecorder } from '../check/profile';
import { readStdinBounded } from '../input/read-json';
import { FORMAT_NAMES, getFormatter } from '../report/registry';
import { CDKTF_CONFIG_FILE } from '../synth/synth';
import { WAIVERS_FILE_NAME } from '../waivers/types';
import { installProcessSafety, writeFileAtomic } from '../process-safety';
import { resolveTargets, type TargetArg } from './report-targets';
import { colorEnabled, discoverConfigFile, reportArgs } from './conventions';
import { findRepoRoot } from '../check/repo-location';
import { SEVERITIES, type Severity } from '../engine/catalog';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input; may stop with an InputError past `maxBytes`. */
  readStdin: (maxBytes: number) => string;
  /** Colour is used only when stdout is a TTY (and NO_COLOR is unset), or FORCE_COLOR is set. */
  color: boolean;
  /** Where `crm-guard.waivers.yaml` and `crm-guard.yaml` are looked for (default: the process's working directory). */
  cwd?: string;
  /** Terminal columns of stdout (text wraps to them); absent when stdout is not a terminal. */
  width?: number;
  /** Progress of long steps; set only when stderr is a terminal. */
  progress?: (step: string) => void;
}

interface CheckCliOptions {
  failOn: FailOn;
  rule: string[];
  skipRule: string[];
  severity?: Severity;
  compact?: boolean;
  quiet?: boolean;
  color: boolean;
  config?: string;
  waivers?: string;
  baseline?: string;
  writeBaseline?: string;
  compareTo?: string;
  inputFormat: InputFormatChoice;
  unavailableModules: 'error' | 'finding';
  var: string[];
  varFile: string[];
  maxInputBytes?: number;
  stdinFilename?: string;
  timeBudget?: number;
  jobs?: number;
  profile?: boolean;
  profileOutput?: string;
  bundleKey?: string;
  policy: string[];
  report: 'findings' | 'compliance';
}

function writeOutput(file: string, text: string | readonly string[], what: string): void {
  writeFileAtomic(file, text, what);
}

/** `--var name=value` options → name → value (the value may contain `=`). */
function parseVarOptions(vars: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of vars) {
    const i = v.indexOf('=');
    if (i <= 0) throw new UsageError(`--var expects name=value, got ${JSON.stringify(v)}`);
    out[v.slice(0, i).trim()] = v.slice(i + 1);
  }
  return out;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const targetArgs: TargetArg[] = [];
  const recordTarget = (kind: TargetArg['kind'], value: string): string => {
    targetArgs.push({ kind, value });
    return value;
  };
  /** The options shared by `check` and `synth` (which checks what it synthesized). */
  const addCheckOptions = (cmd: Command): Command =>
    cmd
      .option('--format <format>', `report format: ${FORMAT_NAMES.join(', ')} (default text; repeatable: each --format writes to the --output after it)`, (v: string) => recordTarget('format', v))
      .option('--output <file>', 'write the preceding --format to a file instead of stdout', (v: string) => recordTarget('output', v))
      .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run').choices([...FAIL_ON_LEVELS]).default('low'))
      .option('--config <file>', 'configuration file (YAML) merged over the defaults')
      .addOption(new Option('--input-format <format>', 'input format (auto: detected from content)').choices([...INPUT_FORMAT_CHOICES]).default('auto'))
      .addOption(
        new Option('--unavailable-modules <mode>', 'a module call whose source is not installed (HCL): error (exit 2: run terraform init) or finding (CRM-SUP-003)')
          .choices(['error', 'finding'])
          .default('error'),
      )
      .option('--var <name=value>', 'set a root variable of an HCL or CDKTF input, as terraform -var does (repeatable; TF_VAR_name is read too)', (v: string, all: string[]) => [...all, v], [] as string[])
      .option('--var-file <file>', 'read root variable values of an HCL or CDKTF input from a .tfvars file, as terraform -var-file does (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
      .option('--max-input-bytes <n>', 'size limit of each input file (default 536870912)', parseMaxInputBytes)
      .option('--stdin-filename <path>', 'the file the standard input (-) stands for: reports locate its findings there (SARIF needs a repository file)')
      .option('--bundle-key <pem>', 'RSA public key that prebuilt --policy bundles are signed with (.signatures.json)')
      .option('--time-budget <seconds>', 'wall-clock budget of each policy evaluation (per bundle and stack; default 300)', parseTimeBudget)
      .option('--jobs <n>', 'evaluation workers sharing the rules (default: the available cores; 1 = one worker)', parseJobs)
      .option('--profile', 'print where the time went (phases, rule families, slowest rules) on stderr')
      .option('--profile-output <file>', 'write the profile as JSON (every rule) to a file')
      .option('--waivers <file>', `waivers file (YAML); default: ${WAIVERS_FILE_NAME} in the working directory, if present`)
      .option('--baseline <file>', 'baseline file: findings recorded in it are "existing" and do not block')
      .option('--compare-to <prev>', 'a previous input (cdktf.out, cdk.tf.json or .tf directory) to compare CDKTF/HCL input with, so the change-safety (CHG) rules see deletions and replacements')
      .option('--write-baseline <file>', 'record the current findings as a baseline file (this run is then judged against it unless --baseline is given)')
      .addOption(new Option('--report <view>', 'findings, or the per-control compliance view (text, json or markdown)').choices(['findings', 'compliance']).default('findings'))
      .option('--policy <dir>', 'a team policy folder (Rego, compiled with the pinned OPA) or prebuilt bundle, evaluated with the baseline; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
      .option('--rule <glob>', 'report only rules matching (CRM-NET-*); repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
      .option('--skip-rule <glob>', 'leave out rules matching; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
      .addOption(new Option('--severity <level>', 'report only findings of this severity or higher').choices([...SEVERITIES]))
      .option('--compact', 'text: one line per finding (file:line: severity rule resource: message)')
      .option('--quiet', 'text: the verdict line only')
      .option('--no-color', 'no ANSI colour (also NO_COLOR; FORCE_COLOR forces it)');

  /**
   * One evaluation, every requested report from it; returns the exit code. `cwd` is where the
   * config file (crm-guard.yaml, here or in a parent up to the repository root) and the waivers file
   * are looked for: the working directory for check, the app's directory for synth.
   */
  const runCheck = async (paths: string[], opts: CheckCliOptions, cmd: Command, cwd: string, synthMs = 0): Promise<number> => {
    // --config wins; else crm-guard.yaml here or in a parent, up to the repository root.
    const [{ loadConfig }, { check }, { applyBaseline, baselineOf, serializeBaseline }] = await Promise.all([import('../config/load'), import('../check/check'), import('../baseline/baseline')]);
    const configFile = opts.config ?? discoverConfigFile(cwd);
    const fileConfig = configFile ? loadConfig(configFile) : undefined;
    const fromCli = (name: string) => cmd.getOptionValueSource(name) === 'cli';
    const failOn = fromCli('failOn') || fileConfig?.fail_on === undefined ? opts.failOn : (fileConfig.fail_on as FailOn);
    const configReports = fileConfig?.reports as { format: string; output?: string }[] | undefined;
    const targets = resolveTargets(targetArgs.length === 0 && configReports ? reportArgs(configReports) : targetArgs);
    const compliance = opts.report === 'compliance' ? await import('../report/compliance') : undefined;
    if (compliance) for (const t of targets) compliance.assertComplianceFormat(t.format);
    const profiler = opts.profile || opts.profileOutput !== undefined ? new ProfileRecorder() : undefined;
    profiler?.addPhase('startup', performance.now() - synthMs);
    if (synthMs > 0) profiler?.addPhase('synth', synthMs);
    let { report, models } = await check(paths, {
      jobs: opts.jobs,
      profiler,
      failOn,
      config: configFile,
      rules: { include: opts.rule, exclude: opts.skipRule, ...(opts.severity ? { minSeverity: opts.severity } : {}) },
      onProgress: io.progress,
      repoRoot: findRepoRoot(cwd),
      readStdin: io.readStdin,
      inputFormat: opts.inputFormat,
      maxInputBytes: opts.maxInputBytes,
      ...(opts.stdinFilename !== undefined ? { stdinName: opts.stdinFilename } : {}),
      evaluationBudgetMs: opts.timeBudget,
      bundleKeyFile: opts.bundleKey,
      unavailableModules: opts.unavailableModules,
      variables: parseVarOptions(opts.var),
      varFiles: opts.varFile,
      environment: process.env,
      waivers: opts.waivers,
      waiversSearchDir: cwd,
      baseline: opts.baseline,
      policies: opts.policy,
      compareTo: opts.compareTo,
    });
    if (opts.writeBaseline) {
      const written = baselineOf(report);
      writeOutput(opts.writeBaseline, serializeBaseline(written), 'baseline');
      if (!opts.baseline) report = applyBaseline(report, written, opts.writeBaseline);
    }
    const outputStart = performance.now();
    // Every report comes from the one evaluation above.
    const view = compliance ? (await import('../check/compliance')).complianceView(report, models) : null;
    for (const t of targets) {
      const toTerminal = t.output === undefined;
      const options = { color: io.color && opts.color && toTerminal, compact: opts.compact, quiet: opts.quiet, ...(toTerminal && io.width ? { width: io.width } : {}) };
      if (view && compliance) {
        const text = compliance.renderCompliance(view, t.format);
        if (t.output !== undefined) writeOutput(t.output, text, 'report');
        else io.stdout(text);
        continue;
      }
      const formatter = getFormatter(t.format);
      // A file is written from the formatter's parts when it has them (report/json.ts).
      if (t.output !== undefined) writeOutput(t.output, formatter.formatParts ? formatter.formatParts(report, options) : formatter.format(report, options), 'report');
      else io.stdout(formatter.format(report, options));
    }
    if (profiler) {
      profiler.addPhase('output', performance.now() - outputStart);
      profiler.addPhase('total', performance.now());
      const profile = profiler.result({ resources: report.summary.resources, stacks: report.summary.stacks });
      if (opts.profileOutput !== undefined) writeOutput(opts.profileOutput, `${JSON.stringify(profile, null, 2)}\n`, 'profile');
      if (opts.profile) io.stderr(formatProfile(profile));
    }
    return exitCodeFor(report);
  };

  const program = new Command('crm-guard')
    .description('Policy checks and DR drills for CRM deployments on AWS, before apply.')
    .version(packageVersion(), '-V, --version', 'print the installed version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  const synthCommand = program
    .command('synth')
    .description(`run the CDKTF app named by ${CDKTF_CONFIG_FILE} in the working directory (like cdktn synth), then check its output like check does`)
    .option('--dir <dir>', `the app's directory (holding ${CDKTF_CONFIG_FILE})`, '.')
    .option('--out <dir>', `output directory (default: "output" in ${CDKTF_CONFIG_FILE}, else cdktf.out)`)
    .option('--no-check', 'only synthesize; do not check the output');
  addCheckOptions(synthCommand).action(async (opts: CheckCliOptions & { dir: string; out?: string; check: boolean }, cmd: Command) => {
    io.progress?.('synthesizing');
    const { synthApp } = await import('../synth/synth');
    const synthStart = performance.now();
    const r = await synthApp({ dir: opts.dir, outdir: opts.out, onOutput: io.stderr });
    const synthMs = performance.now() - synthStart;
    io.stderr(`synthesized ${r.stacks.length} stack${r.stacks.length === 1 ? '' : 's'} (${r.stacks.join(', ')}) to ${r.outdir}\n`);
    if (opts.check) exitCode = await runCheck([r.outdir], opts, cmd, path.resolve(io.cwd ?? process.cwd(), opts.dir), synthMs);
  });

  const checkCommand = program
    .command('check')
    .description('check Terraform (CDKTF output dir, cdk.tf.json, plan JSON, directory of .tf files, or - for stdin) against the baseline')
    .argument('[paths...]', 'inputs', ['cdktf.out']);
  addCheckOptions(checkCommand).action(async (paths: string[], opts: CheckCliOptions, cmd: Command) => {
    exitCode = await runCheck(paths, opts, cmd, io.cwd ?? process.cwd());
  });

  program
    .command('drill')
    .description('simulate losing a region or an AZ: per stateful component, survival, RPO/RTO estimates against targets, and a runbook (docs/drill.md)')
    .argument('[paths...]', 'inputs (as for check); all stacks are considered together', ['cdktf.out'])
    .requiredOption('--lose <target>', 'region:NAME (region loss), az:NAME (AZ impairment), data:corruption (logical corruption or ransomware) or account[:ID] (account compromise)')
    .option('--destroy', 'with az:NAME, the AZ is destroyed: data held only in it is lost (AZ_DESTRUCTION)')
    .option('--rpo <duration>', 'RPO target for every component (15m, 1h, 24h), over the configured tiers')
    .option('--rto <duration>', 'RTO target for every component, over the configured tiers')
    .addOption(new Option('--format <format>', 'report format').choices([...DRILL_FORMAT_NAMES]).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--config <file>', 'configuration file (YAML) merged over the defaults; its drill: section sets targets, tiers and measured constants')
    .option('--record <file>', 'drill history (YAML, docs/drill.md "Calibration"): compare the latest recorded drill of this scenario with the estimate and suggest constant overrides (text or json)')
    .addOption(new Option('--input-format <format>', 'input format (auto: detected from content)').choices([...INPUT_FORMAT_CHOICES]).default('auto'))
    .action(async (paths: string[], opts: { lose: string; destroy?: boolean; rpo?: string; rto?: string; format: string; output?: string; config?: string; record?: string; inputFormat: InputFormatChoice }) => {
      const [{ getDrillFormatter }, { parseTargetOption }, { drill }, { calibrate, readHistory }] = await Promise.all([
        import('../drill/format/registry'),
        import('../drill/config'),
        import('../drill/drill'),
        import('../drill/record'),
      ]);
      const formatter = getDrillFormatter(opts.format);
      if (opts.record !== undefined && opts.format === 'markdown') throw new UsageError('--record prints text or json, not markdown');
      const history = opts.record === undefined ? undefined : readHistory(opts.record);
      const { report, exitCode: code } = await drill(paths, {
        lose: opts.lose,
        destroy: opts.destroy,
        rpo: opts.rpo === undefined ? undefined : parseTargetOption('--rpo', opts.rpo),
        rto: opts.rto === undefined ? undefined : parseTargetOption('--rto', opts.rto),
        config: opts.config,
        readStdin: io.readStdin,
        inputFormat: opts.inputFormat,
      });
      if (history !== undefined) {
        // Calibration: a measurement beyond the estimated worst case fails, like a missed target.
        const calibration = calibrate(report, history, opts.record!);
        const text = (await import('../drill/format/calibration')).formatCalibration(calibration, opts.format);
        if (opts.output) writeOutput(opts.output, text, 'drill calibration');
        else io.stdout(text);
        exitCode = calibration.beyondWorst > 0 ? 1 : 0;
        return;
      }
      const text = formatter.format(report, { color: io.color && !opts.output });
      if (opts.output) writeOutput(opts.output, text, 'drill report');
      else io.stdout(text);
      exitCode = code;
    });

  program
    .command('rules')
    .description('list the rule catalog')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { format: 'text' | 'json' }) => {
      const [{ PolicyEngine }, { formatRulesText }] = await Promise.all([import('../engine/engine'), import('../engine/rules-view')]);
      const { catalog } = await PolicyEngine.load();
      io.stdout(opts.format === 'json' ? `${JSON.stringify({ rules: catalog.rules }, null, 2)}\n` : formatRulesText(catalog, io.color));
    });

  program
    .command('explain')
    .description('explain one rule: what, why, how to fix, mappings')
    .argument('<rule-id>', 'e.g. CRM-ENC-004')
    .action(async (id: string) => {
      const [{ PolicyEngine }, { findRule, formatRuleExplain }, { readExamples }, { packageRoot }] = await Promise.all([
        import('../engine/engine'),
        import('../engine/rules-view'),
        import('../docs/rules-doc'),
        import('../engine/bundle'),
      ]);
      const { catalog } = await PolicyEngine.load();
      const rule = findRule(catalog, id);
      io.stdout(formatRuleExplain(rule, io.color, readExamples(packageRoot(), rule)));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every other parse problem is a usage error.
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (isCrmGuardError(e)) {
      io.stderr(`crm-guard: error: ${e.describe()}\n`);
      return 2;
    }
    io.stderr(`crm-guard: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 2;
  }
}

/** Entry used by bin/crm-guard.js: real process streams, exit code set once. */
export function run(): void {
  installProcessSafety();
  const done = (): void => {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
  };
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => {
      done(); // a message never lands on the end of a progress line
      process.stderr.write(t);
    },
    readStdin: (maxBytes) => readStdinBounded(maxBytes),
    color: colorEnabled(process.env, Boolean(process.stdout.isTTY)),
    ...(process.stdout.isTTY && process.stdout.columns ? { width: process.stdout.columns } : {}),
    // Progress only where a person watches: one self-erasing line on a terminal's stderr.
    ...(process.stderr.isTTY ? { progress: (step: string) => process.stderr.write(`\r\x1b[2Kcrm-guard: ${step}…`) } : {}),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      done();
      exitWhenFlushed(code);
    },
    (e: unknown) => {
      done();
      process.stderr.write(`crm-guard: internal error: ${String(e)}\n`);
      exitWhenFlushed(2);
    },
  );
}

/**
 * Ends the process once stdout and stderr have taken everything written to them. Ending it
 * explicitly skips the teardown of a finished run (freeing the environment and disposing the
 * heap): 20-30 ms at 10,000 resources, which the operating system does at once instead.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  let pending = 2;
  // A write callback runs once everything before it is handed to the operating system. On a
  // failed write the process is left to end by itself: the process-safety handler reports a
  // closed or full stdout as exit 2. The exit waits one turn of the event loop, so a signal that
  // arrived meanwhile (Ctrl-C during a synchronous step) is still handled as an interruption.
  const flushed = (error?: Error | null): void => {
    if (!error && --pending === 0) setImmediate(() => process.exit(code));
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}
