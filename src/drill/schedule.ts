/**
 * AWS schedule expressions (AWS Backup plan rules, EventBridge): `cron(m h dom mon dow year)`
 * with AWS's `?`, `L`, `W` and `#`, and `rate(n unit)`. The cron fields are parsed by
 * aws-cron-parser (made for AWS's six-field syntax); the backup interval that bounds the RPO
 * is the LARGEST gap between consecutive runs, not the average: a schedule on the first Sunday
 * of the month leaves up to five weeks between two backups.
 */
import awsCron from 'aws-cron-parser';

export interface ScheduleInterval {
  /** Largest gap between consecutive runs, seconds; null when the schedule runs at most once. */
  seconds: number | null;
  /** Why the interval is null, or what was assumed. */
  note?: string;
}

/** Deterministic window the runs are enumerated in (UTC): four years cover leap years and yearly schedules. */
const FROM = Date.UTC(2025, 0, 1);
const UNTIL = Date.UTC(2029, 0, 2);
// Bounded work per rule: 8000 runs still cover a week of every-minute runs and most of a year of hourly ones.
const MAX_RUNS = 8000;

const RATE = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/;
const UNIT: Record<string, number> = { minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86400, days: 86400 };

export class ScheduleError extends Error {}

/** Validates the shape AWS requires before the parser sees it (the parser assumes AWS validated it). */
function cronFields(body: string): string {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new ScheduleError(`cron(${body}) has ${fields.length} fields; AWS cron has 6: minutes hours day-of-month month day-of-week year`);
  const [, , dom, , dow] = fields;
  if ((dom === '?') === (dow === '?')) throw new ScheduleError(`cron(${body}): exactly one of day-of-month ("${dom}") and day-of-week ("${dow}") must be "?"`);
  return fields.join(' ');
}

/** The largest gap between consecutive runs of an AWS schedule expression (UTC). */
export function scheduleInterval(schedule: string): ScheduleInterval {
  const text = schedule.trim();
  const rate = RATE.exec(text);
  if (rate) {
    const n = Number(rate[1]);
    if (n <= 0) throw new ScheduleError(`${text}: the rate must be a positive number`);
    if ((n === 1) !== !rate[2].endsWith('s')) throw new ScheduleError(`${text}: AWS requires the singular unit for 1 and the plural otherwise`);
    return { seconds: n * UNIT[rate[2]] };
  }
  const cron = /^cron\((.*)\)$/.exec(text);
  if (!cron) throw new ScheduleError(`"${schedule}" is neither cron(...) nor rate(...)`);
  const expr = cronFields(cron[1]);
  let parsed: ReturnType<typeof awsCron.parse>;
  try {
    parsed = awsCron.parse(expr);
  } catch (e) {
    throw new ScheduleError(`${text}: ${(e as Error).message}`);
  }
  let previous: number | null = null;
  let largest = 0;
  let from = new Date(FROM);
  let runs = 0;
  while (runs < MAX_RUNS) {
    let next: Date | null;
    try {
      next = awsCron.next(parsed, from);
    } catch (e) {
      throw new ScheduleError(`${text}: ${(e as Error).message}`);
    }
    if (!next || next.getTime() > UNTIL) break;
    const t = next.getTime();
    if (previous !== null) largest = Math.max(largest, (t - previous) / 1000);
    previous = t;
    runs++;
    from = new Date(t + 1000);
  }
  if (runs < 2) return { seconds: null, note: `${text} runs ${runs === 0 ? 'never' : 'once'} between 2025 and 2028: no recurring backup` };
  return { seconds: largest };
}
