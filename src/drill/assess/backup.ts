/** AWS Backup as a recovery path (dr-model §2.4, §6.1 "AWS Backup copy_action to a vault in R"). */
import type { ConstantName } from '../constants';
import { ORDER, type Candidate, type Ctx, type Need } from '../context';
import { sum } from '../estimate';
import type { BackupRule } from '../links';
import type { Term } from '../types';
import type { Res } from '../world';

/** The largest gap between two scheduled runs (the worst case; a backup just before the event loses nothing). */
function intervalTerm(ctx: Ctx, rule: BackupRule): Term {
  if (rule.intervalSeconds !== null) return { name: `backup interval (${rule.schedule}, largest gap)`, best: 0, typical: rule.intervalSeconds / 2, worst: rule.intervalSeconds, confidence: 'derived', source: 'BK1' };
  return { ...ctx.c('BACKUP_INTERVAL_DEFAULT'), name: `backup interval (${rule.intervalNote ?? 'unknown'}: assumed)` };
}

/** A backup may start up to start_window after its scheduled time (dr-model §5.2: the worst case decides). */
function startWindowTerm(ctx: Ctx, rule: BackupRule): Term {
  if (rule.startWindowSeconds !== null) return { name: `start_window of rule ${rule.name}`, best: 0, typical: 0, worst: rule.startWindowSeconds, confidence: 'derived', source: 'BK1' };
  return { ...ctx.c('BACKUP_START_WINDOW_DEFAULT'), name: `start_window of rule ${rule.name} (not set)` };
}

function completionTerm(rule: BackupRule): Term[] {
  if (rule.completionWindowSeconds === null) return [];
  return [{ name: `completion_window of rule ${rule.name}`, best: 0, typical: 0, worst: rule.completionWindowSeconds, confidence: 'derived', source: 'BK1' }];
}

/**
 * Region loss: one candidate per copy action of every plan whose selection covers `res`.
 * `restore` is the constant for restoring this kind from a recovery point.
 */
export function backupCopyCandidates(ctx: Ctx, res: Res, restore: ConstantName, needs: Need[], restoreWhat: string): Candidate[] {
  const out: Candidate[] = [];
  for (const cov of ctx.links.coverage.get(res.key) ?? []) {
    for (const rule of cov.rules) {
      for (const copy of rule.copies) {
        const vaults = copy.vaults.length > 0 ? copy.vaults : [null];
        for (const vault of vaults) {
          const region = vault ? vault.region : copy.literalRegion;
          const what = vault ? `backup vault ${ctx.label(vault)} (copy action of ${ctx.label(cov.plan)} rule ${rule.name})` : `the copy destination ${copy.value} of ${ctx.label(cov.plan)} rule ${rule.name}`;
          const { problems, notes } = ctx.copyProblems(vault, region, what);
          if (vault) problems.push(...ctx.keyProblems(ctx.links.keyAtPath(vault, 'kms_key_arn'), region, `backup vault ${ctx.label(vault)}`));
          else notes.push(`the copy destination ${copy.value} is not a vault of the input: its key and lock cannot be checked`);
          if (rule.continuous) notes.push(`rule ${rule.name} uses continuous backup: its cross-Region copies are snapshots, without PITR (BK2)`);
          const mechanism = `AWS Backup cross-region copy restore (${vault ? ctx.label(vault) : copy.value}, ${region ?? 'unknown region'})`;
          const vaultList = vault ? [vault] : [];
          out.push({
            mechanism,
            outcome: 'RECOVERS_MANUAL',
            region,
            rpo: sum(intervalTerm(ctx, rule), startWindowTerm(ctx, rule), ctx.c('BACKUP_COPY'), ...completionTerm(rule)),
            rto: sum(ctx.c('T_DECLARE'), ctx.c(restore)),
            problems,
            notes,
            steps: [ctx.step('failover', ORDER.data, `Restore ${restoreWhat} ${ctx.label(res)} in ${region ?? 'the DR region'} from its latest recovery point in ${vault ? ctx.label(vault) : copy.value} (copied by ${ctx.label(cov.plan)} rule ${rule.name})`, [res, ...vaultList, cov.plan], [ctx.c(restore)])],
            checks: [ctx.step('prerequisite', ORDER.replicationCheck, `Confirm the latest copy job of ${ctx.label(cov.plan)} rule ${rule.name} into ${vault ? ctx.label(vault) : copy.value} completed, and note its recovery point time`, [cov.plan, ...vaultList])],
            needs,
          });
        }
      }
    }
  }
  return out;
}

/**
 * AZ destruction: a recovery point in the same region (any vault of the region outlives one AZ).
 */
export function backupInRegionCandidates(ctx: Ctx, res: Res, restore: ConstantName, restoreWhat: string): Candidate[] {
  const out: Candidate[] = [];
  for (const cov of ctx.links.coverage.get(res.key) ?? []) {
    for (const rule of cov.rules) {
      const vault = rule.targetVaults[0] ?? null;
      out.push({
        mechanism: `AWS Backup restore (${vault ? ctx.label(vault) : `${ctx.label(cov.plan)} rule ${rule.name}`})`,
        outcome: 'RECOVERS_MANUAL',
        region: res.region,
        rpo: sum(intervalTerm(ctx, rule), startWindowTerm(ctx, rule), ...completionTerm(rule)),
        rto: sum(ctx.c('T_DECLARE'), ctx.c(restore)),
        problems: [],
        notes: [],
        steps: [ctx.step('failover', ORDER.data, `Restore ${restoreWhat} ${ctx.label(res)} into a surviving AZ from its latest recovery point${vault ? ` in ${ctx.label(vault)}` : ''}`, [res, ...(vault ? [vault] : []), cov.plan], [ctx.c(restore)])],
        checks: [],
        needs: [],
      });
    }
  }
  return out;
}

/** U4 text when plans copy out of the region but none selects `res`. */
export function uncoveredByBackup(ctx: Ctx, res: Res): string | undefined {
  if ((ctx.links.coverage.get(res.key) ?? []).some((c) => c.rules.some((r) => r.copies.length > 0))) return undefined;
  const copying = ctx.memo(`copying-plans\u0000${res.region}`, () =>
    ctx.world.ofType('aws_backup_plan').filter((p) => p.region === res.region && (ctx.links.planRules.get(p.key) ?? []).some((r) => r.copies.length > 0)),
  );
  if (copying.length === 0) return undefined;
  return `[U4] ${ctx.labels(copying)} copies recovery points out of ${res.region}, but no aws_backup_selection of ${copying.length === 1 ? 'it' : 'them'} includes ${ctx.label(res)} (by ARN or by tag)`;
}

/** U1 text when the resource is backed up only into vaults of its own region. */
export function backupStaysInRegion(ctx: Ctx, res: Res): string | undefined {
  const cov = ctx.links.coverage.get(res.key) ?? [];
  if (cov.length === 0 || cov.some((c) => c.rules.some((r) => r.copies.length > 0))) return undefined;
  return `${ctx.labels(cov.map((c) => c.plan))} backs ${ctx.label(res)} up only into vaults of ${res.region} (no copy_action)`;
}
