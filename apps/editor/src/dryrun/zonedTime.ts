/**
 * Wall-clock dates in a named time zone, for the dry run through time: the start is entered and the
 * days are shown on the flow's clock, whatever zone the browser is in. Intl knows the zones and their
 * daylight-saving rules, so no date library is needed here.
 */

type Parts = { weekday: string; year: number; month: number; day: number; hour: number; minute: number };

const formats = new Map<string, Intl.DateTimeFormat>();

function partsIn(ms: number, zone: string): Parts {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(zone, format);
  }
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    format.formatToParts(ms).find((p) => p.type === type)?.value ?? '';
  return {
    weekday: get('weekday'),
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
  };
}

const two = (n: number) => String(n).padStart(2, '0');
const dateOf = (p: Parts) => `${p.year}-${two(p.month)}-${two(p.day)}`;
const timeOf = (p: Parts) => `${two(p.hour)}:${two(p.minute)}`;

/** The value of a datetime-local input showing `ms` on the zone's clock: "2026-03-30T09:00". */
export function toLocalInput(ms: number, zone: string): string {
  const p = partsIn(ms, zone);
  return `${dateOf(p)}T${timeOf(p)}`;
}

/**
 * The moment a datetime-local value names on the zone's clock (epoch ms), or undefined when it is
 * not a date-time. A local time the clocks skip resolves to the same offset as just before the gap.
 */
export function fromLocalInput(value: string, zone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wall)) return undefined;
  // The zone's offset at a moment is its wall clock minus UTC; guess with the offset at the wall
  // time read as UTC, then correct once with the offset at the guess (they differ near a change).
  const offsetAt = (ms: number) => {
    const p = partsIn(ms, zone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / 60_000) * 60_000;
  };
  const guess = wall - offsetAt(wall);
  return wall - offsetAt(guess);
}

/** A day on the zone's calendar: "Mon 2026-03-30". */
export function formatDay(ms: number, zone: string): string {
  const p = partsIn(ms, zone);
  return `${p.weekday} ${dateOf(p)}`;
}

/** A moment on the zone's clock: "Mon 2026-03-30 09:00". */
export function formatMoment(ms: number, zone: string): string {
  const p = partsIn(ms, zone);
  return `${p.weekday} ${dateOf(p)} ${timeOf(p)}`;
}
