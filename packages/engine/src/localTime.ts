import {
  DEFAULT_TIME_ZONE,
  isTimeZone,
  type LocalTime,
  type SendWindow,
  TIME_ZONE_ATTRIBUTE,
  WEEKDAYS,
  type Weekday,
} from '@scoreflow/flow';
import { DateTime } from 'luxon';
import type { ContactView } from './types.js';
import { readOwn } from './values.js';

/**
 * Wall-clock arithmetic in the contact's time zone. Luxon resolves local times through the runtime's
 * time zone database, so days with a daylight-saving change have their 23 or 25 hours, and a local
 * time the clocks skip (02:30 on a spring-forward night) moves forward by the gap (to 03:30).
 */

/** The contact's time zone: its `timezone` attribute when that names a zone, else the flow's. */
export function contactZone(contact: ContactView, flowZone: string | undefined): string {
  const own = readOwn(contact.attributes, TIME_ZONE_ATTRIBUTE);
  if (typeof own === 'string' && own.trim() !== '' && isTimeZone(own.trim())) return own.trim();
  return flowZone ?? DEFAULT_TIME_ZONE;
}

const weekdayOf = (dt: DateTime): Weekday => WEEKDAYS[dt.weekday - 1] as Weekday;

function at(day: DateTime, time: LocalTime): DateTime {
  const [hour, minute] = time.split(':').map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/**
 * `now` when it falls inside the window, else the next moment the window opens (epoch ms). A window
 * covers [from, to) of each of its days.
 */
export function nextOpening(window: SendWindow, zone: string, now: number): number {
  const local = DateTime.fromMillis(now, { zone });
  const days = new Set(window.days);
  for (let d = 0; d <= 7; d++) {
    const day = local.plus({ days: d }).startOf('day');
    if (!days.has(weekdayOf(day))) continue;
    const opens = at(day, window.from);
    const closes = at(day, window.to);
    if (d === 0 && local >= opens && local < closes) return now;
    if (opens > local) return opens.toMillis();
  }
  // Unreachable for a window with a day: within 8 days one of its days comes round again.
  return now;
}

/** The first moment after `now` that is one of `days` at `time` on the zone's clock (epoch ms). */
export function nextDayAt(days: readonly Weekday[], time: LocalTime, zone: string, now: number): number {
  const local = DateTime.fromMillis(now, { zone });
  const allowed = new Set(days);
  for (let d = 0; d <= 7; d++) {
    const day = local.plus({ days: d }).startOf('day');
    if (!allowed.has(weekdayOf(day))) continue;
    const moment = at(day, time);
    if (moment > local) return moment.toMillis();
  }
  return now;
}

/**
 * The moment `offsetDays` days from the calendar date in `value` at `time` on the zone's clock, or
 * undefined when `value` holds no date. A date-time counts by its date in that zone.
 */
export function dateAttributeMoment(
  value: unknown,
  offsetDays: number,
  time: LocalTime,
  zone: string,
): number | undefined {
  let date: DateTime | undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    // A plain date names a day on the contact's calendar; a date-time names an instant.
    date = /^\d{4}-\d{2}-\d{2}$/.test(text)
      ? DateTime.fromISO(text, { zone })
      : DateTime.fromISO(text, { setZone: false }).setZone(zone);
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    date = DateTime.fromMillis(value, { zone });
  }
  if (!date?.isValid) return undefined;
  return at(date.startOf('day').plus({ days: offsetDays }), time).toMillis();
}

/** A moment as the contact's clock shows it, for run steps: "Mon 2026-03-30 09:00 Europe/Paris". */
export function describeMoment(ms: number, zone: string): string {
  return `${DateTime.fromMillis(ms, { zone }).toFormat('ccc yyyy-MM-dd HH:mm')} ${zone}`;
}
