/**
 * The thin CLI: parses arguments and calls the library. The process exits in one place
 * (bin/crm-guard.js) with the code returned here: 0 pass, 1 blocking findings, 2 error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { check } from '../check/check';
import { FAIL_ON_LEVELS, type FailOn } from '../check/report';
import { readExamples } from '../docs/rules-doc';
import { packageRoot } from '../engine/bundle';
import { PolicyEngine } from '../engine/engine';
import { findRule, formatRuleExplain, formatRulesText } from '../engine/rules-view';
import { InputError, isCrmGuardError } from '../errors';
import { FORMAT_NAMES, getFormatter } from '../report/registry';
import { synthReference } from '../synth/synth';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
  /** Colour is used only when stdout is a TTY (and NO_COLOR is unset). */
  color: boolean;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
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
    .description('check Terraform (CDKTF output dir, cdk.tf.json, or - for stdin) against the baseline')
    .argument('[paths...]', 'inputs', ['cdktf.out'])
    .addOption(new Option('--format <format>', 'report format').choices([...FORMAT_NAMES]).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run').choices([...FAIL_ON_LEVELS]).default('low'))
    .option('--config <file>', 'configuration file (YAML) merged over the defaults')
    .action(async (paths: string[], opts: { format: string; output?: string; failOn: FailOn; config?: string }) => {
      const formatter = getFormatter(opts.format);
      const { report, exitCode: code } = await check(paths, { failOn: opts.failOn, config: opts.config, readStdin: io.readStdin });
      const text = formatter.format(report, { color: io.color && !opts.output });
      if (opts.output) {
        try {
          writeFileSync(opts.output, text);
        } catch (e) {
          throw new InputError(`cannot write the report: ${(e as Error).message}`, { file: opts.output });
        }
      } else io.stdout(text);
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
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readFileSync(0, 'utf8'),
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
