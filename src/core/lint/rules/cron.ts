import { CronExpressionParser } from 'cron-parser';
import type { Rule } from '../context';
import type { YNode } from '../ynode';

const POLICIES = ['Allow', 'Forbid', 'Replace'];
const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Validating a cron expression is costly (date library); remember results while the user types. */
const cronMemo = new Map<string, string | undefined>();

function cronError(expr: string): string | undefined {
  if (cronMemo.has(expr)) return cronMemo.get(expr);
  let error: string | undefined;
  const fields = expr.split(/\s+/);
  if (fields.length !== 5)
    error = `expected 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  else {
    try {
      CronExpressionParser.parse(expr, { strict: false });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  if (cronMemo.size > 500) cronMemo.clear();
  cronMemo.set(expr, error);
  return error;
}

/** Building a DateTimeFormat is costly too: remember which zones are known. */
const timezoneMemo = new Map<string, boolean>();

function validTimezone(tz: string): boolean {
  const known = timezoneMemo.get(tz);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    valid = true;
  } catch {
    valid = false;
  }
  if (timezoneMemo.size > 500) timezoneMemo.clear();
  timezoneMemo.set(tz, valid);
  return valid;
}

/** CronWorkflow: schedules, timezone, concurrencyPolicy and startingDeadlineSeconds. */
export const cron: Rule = {
  id: 'cron-schedule',
  severity: 'error',
  description: 'A CronWorkflow needs valid cron schedules, timezone and concurrency settings.',
  kinds: ['CronWorkflow'],
  check(ctx) {
    const spec = ctx.root.get('spec');
    const single = spec.get('schedule');
    const schedules: YNode[] = [...(single.exists ? [single] : []), ...spec.get('schedules').items()];
    if (schedules.length === 0) {
      ctx.report(spec.exists ? spec : ctx.root, 'A CronWorkflow needs spec.schedule or spec.schedules.', { at: 'key' });
    }
    for (const s of schedules) {
      const text = s.str();
      if (text === undefined || text.includes('{{')) continue;
      const expr = text.replace(/^CRON_TZ=\S+\s+/, '').trim();
      if (DESCRIPTORS.includes(expr) || /^@every\s+\d+(ns|us|µs|ms|s|m|h)+(\d+(ns|us|µs|ms|s|m|h))*$/.test(expr))
        continue;
      const error = cronError(expr);
      if (error) ctx.report(s, `cron schedule '${text}' is malformed: ${error}.`);
    }
    const tz = spec.get('timezone');
    const tzv = tz.str();
    if (tzv && !validTimezone(tzv))
      ctx.report(tz, `timezone '${tzv}' is not a known IANA time zone (e.g. 'Europe/Berlin', 'America/New_York').`);
    const cp = spec.get('concurrencyPolicy');
    const cpv = cp.str();
    if (cpv !== undefined && cpv !== '' && !POLICIES.includes(cpv))
      ctx.report(cp, `concurrencyPolicy '${cpv}' is invalid: use Allow, Forbid or Replace.`);
    const sd = spec.get('startingDeadlineSeconds');
    const sdv = sd.num();
    if (sd.exists && sdv !== undefined && sdv < 0) ctx.report(sd, 'startingDeadlineSeconds must not be negative.');
  },
};
