// Calendar arithmetic on YYYY-MM-DD days, in UTC like every date in Clearance.
import { DEFAULT_DUE_DAYS, type FindingSeverity } from './vocabulary';

export const DAY_MS = 86_400_000;

/** Whether `value` is a real day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const ms = Date.parse(`${value}T00:00:00Z`);
	return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The same day `months` later (the month's last day when it has no such day). */
export function addMonths(day: string, months: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	const target = d.getUTCDate();
	d.setUTCDate(1);
	d.setUTCMonth(d.getUTCMonth() + months);
	const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
	d.setUTCDate(Math.min(target, last));
	return d.toISOString().slice(0, 10);
}

/** A confirmed finding's default due date: DEFAULT_DUE_DAYS after `today`. */
export function defaultDueOn(severity: FindingSeverity, today: string): string {
	return addDays(today, DEFAULT_DUE_DAYS[severity]);
}
