/**
 * The thin CLI: parses arguments and calls the library. The process exits in one place
 * (bin/crm-guard.js) with the code returned here: 0 pass, 1 blocking findings, 2 error.
 */
import { Command, CommanderError, Option } from 'commander';
import { applyBaseline, baselineOf, serializeBaseline } from '../baseline/baseline';
import { check } from '../check/check';
import { exitCodeFor, FAIL_ON_LEVELS, type FailOn } from '../check/report';
import { readExamples } from '../docs/rules-doc';
import { parseTargetOption } from '../drill/config';
import { drill } from '../drill/drill';
import { DRILL_FORMAT_NAMES, getDrillFormatter } from '../drill/format/registry';
import { packageRoot } from '../engine/bundle';
import { PolicyEngine } from '../engine/engine';
import { findRule, formatRuleExplain, formatRulesText } from '../engine/rules-view';
import { isCrmGuardError } from '../errors';
import { INPUT_FORMAT_CHOICES, type InputFormatChoice } from '../input/formats';
import { parseMaxInputBytes, parseTimeBudget } from '../input/load';
import { readStdinBounded } from '../input/read-json';
import { FORMAT_NAMES, getFormatter } from '../report/registry';
import { synthReference } from '../synth/synth';
import { WAIVERS_FILE_NAME } from '../waivers/file';
import { complianceView } from '../check/compliance';
import { assertComplianceFormat, renderCompliance } from '../report/compliance';
import { installProcessSafety, writeFileAtomic } from '../process-safety';
import { resolveTargets, type TargetArg } from './report-targets';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input; may stop with an InputError past `maxBytes`. */
  readStdin: (maxBytes: number) => string;
  /** Colour is used only when stdout is a TTY (and NO_COLOR is unset). */
  color: boolean;
  /** Where `crm-guard.waivers.yaml` is looked for (default: the process's working directory). */
  cwd?: string;
}

interface CheckCliOptions {
  failOn: FailOn;
  config?: string;
  waivers?: string;
  baseline?: string;
  writeBaseline?: string;
  inputFormat: InputFormatChoice;
  maxInputBytes?: number;
  timeBudget?: number;
  bundleKey?: string;
  policy: string[];
  report: 'findings' | 'compliance';
}

function writeOutput(file: string, text: string, what: string): void {
  writeFileAtomic(file, text, what);
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const targetArgs: TargetArg[] = [];
  const recordTarget = (kind: TargetArg['kind'], value: string): string => {
    targetArgs.push({ kind, value });
    return value;
  };
  const program = new Command('crm-guard')
    .description('Policy checks and DR drills for CRM deployments on AWS, before apply.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  program
    .command('synth')
    .description('synthesize the reference CRM deployment (CDKTF) to a directory')
    .option('--out <dir>', 'output directory', 'cdktf.out')
    .action(async (opts: { out: string }) => {
      const r = await synthReference({ outdir: opts.out });
      io.stdout(`synthesized ${r.stacks.length} stack${r.stacks.length === 1 ? '' : 's'} (${r.stacks.join(', ')}) to ${r.outdir}\n`);
    });

  program
    .command('check')
    .description('check Terraform (CDKTF output dir, cdk.tf.json, plan JSON, directory of .tf files, or - for stdin) against the baseline')
    .argument('[paths...]', 'inputs', ['cdktf.out'])
    .option('--format <format>', `report format: ${FORMAT_NAMES.join(', ')} (default text; repeatable: each --format writes to the --output after it)`, (v: string) => recordTarget('format', v))
    .option('--output <file>', 'write the preceding --format to a file instead of stdout', (v: string) => recordTarget('output', v))
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run').choices([...FAIL_ON_LEVELS]).default('low'))
    .option('--config <file>', 'configuration file (YAML) merged over the defaults')
    .addOption(new Option('--input-format <format>', 'input format (auto: detected from content)').choices([...INPUT_FORMAT_CHOICES]).default('auto'))
    .option('--max-input-bytes <n>', 'size limit of each input file (default 536870912)', parseMaxInputBytes)
    .option('--bundle-key <pem>', 'RSA public key that prebuilt --policy bundles are signed with (.signatures.json)')
    .option('--time-budget <seconds>', 'wall-clock budget of each policy evaluation (per bundle and stack; default 300)', parseTimeBudget)
    .option('--waivers <file>', `waivers file (YAML); default: ${WAIVERS_FILE_NAME} in the working directory, if present`)
    .option('--baseline <file>', 'baseline file: findings recorded in it are "existing" and do not block')
    .option('--write-baseline <file>', 'record the current findings as a baseline file (this run is then judged against it unless --baseline is given)')
    .addOption(new Option('--report <view>', 'findings, or the per-control compliance view (text, json or markdown)').choices(['findings', 'compliance']).default('findings'))
    .option('--policy <dir>', 'a team policy folder (Rego, compiled with the pinned OPA) or prebuilt bundle, evaluated with the baseline; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (paths: string[], opts: CheckCliOptions) => {
      const targets = resolveTargets(targetArgs);
      if (opts.report === 'compliance') for (const t of targets) assertComplianceFormat(t.format);
      let { report, models } = await check(paths, {
        failOn: opts.failOn,
        config: opts.config,
        readStdin: io.readStdin,
        inputFormat: opts.inputFormat,
        maxInputBytes: opts.maxInputBytes,
        evaluationBudgetMs: opts.timeBudget,
        bundleKeyFile: opts.bundleKey,
        waivers: opts.waivers,
        waiversSearchDir: io.cwd ?? process.cwd(),
        baseline: opts.baseline,
        policies: opts.policy,
      });
      if (opts.writeBaseline) {
        const written = baselineOf(report);
        writeOutput(opts.writeBaseline, serializeBaseline(written), 'baseline');
        if (!opts.baseline) report = applyBaseline(report, written, opts.writeBaseline);
      }
      // Every report comes from the one evaluation above.
      const view = opts.report === 'compliance' ? complianceView(report, models) : null;
      for (const t of targets) {
        const text = view ? renderCompliance(view, t.format) : getFormatter(t.format).format(report, { color: io.color && t.output === undefined });
        if (t.output !== undefined) writeOutput(t.output, text, 'report');
        else io.stdout(text);
      }
      exitCode = exitCodeFor(report);
    });

  program
    .command('drill')
    .description('simulate losing a region or an AZ: per stateful component, survival, RPO/RTO estimates against targets, and a runbook (docs/drill.md)')
    .argument('[paths...]', 'inputs (as for check); all stacks are considered together', ['cdktf.out'])
    .requiredOption('--lose <target>', 'region:NAME (region loss) or az:NAME (AZ impairment)')
    .option('--destroy', 'with az:NAME, the AZ is destroyed: data held only in it is lost (AZ_DESTRUCTION)')
    .option('--rpo <duration>', 'RPO target for every component (15m, 1h, 24h), over the configured tiers')
    .option('--rto <duration>', 'RTO target for every component, over the configured tiers')
    .addOption(new Option('--format <format>', 'report format').choices([...DRILL_FORMAT_NAMES]).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--config <file>', 'configuration file (YAML) merged over the defaults; its drill: section sets targets, tiers and measured constants')
    .addOption(new Option('--input-format <format>', 'input format (auto: detected from content)').choices([...INPUT_FORMAT_CHOICES]).default('auto'))
    .action(async (paths: string[], opts: { lose: string; destroy?: boolean; rpo?: string; rto?: string; format: string; output?: string; config?: string; inputFormat: InputFormatChoice }) => {
      const formatter = getDrillFormatter(opts.format);
      const { report, exitCode: code } = await drill(paths, {
        lose: opts.lose,
        destroy: opts.destroy,
        rpo: opts.rpo === undefined ? undefined : parseTargetOption('--rpo', opts.rpo),
        rto: opts.rto === undefined ? undefined : parseTargetOption('--rto', opts.rto),
        config: opts.config,
        readStdin: io.readStdin,
        inputFormat: opts.inputFormat,
      });
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
      const { catalog } = await PolicyEngine.load();
      io.stdout(opts.format === 'json' ? `${JSON.stringify({ rules: catalog.rules }, null, 2)}\n` : formatRulesText(catalog, io.color));
    });

  program
    .command('explain')
    .description('explain one rule: what, why, how to fix, mappings')
    .argument('<rule-id>', 'e.g. CRM-ENC-004')
    .action(async (id: string) => {
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
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: (maxBytes) => readStdinBounded(maxBytes),
    color: Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`crm-guard: internal error: ${String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
