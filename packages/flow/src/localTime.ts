import { z } from 'zod';

/** Days of the week, Monday first (ISO 8601 numbers them 1..7 in this order). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/** A weekday as screens write it ("Mon"). */
export const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** A time of day on the wall clock, "09:30". */
export const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Enter a time as HH:MM, e.g. 09:30' })
  .describe('Time of day, HH:MM (24 h)');
export type LocalTime = z.infer<typeof LocalTime>;

/** Whether `zone` is an IANA time zone this runtime knows ("Europe/Paris", "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .min(1)
  .max(100)
  .refine(isTimeZone, { error: 'Enter an IANA time zone, e.g. Europe/Paris or America/New_York' })
  .describe('IANA time zone, e.g. Europe/Paris');

/** The zone a flow uses for contacts without a `timezone` attribute when it sets none. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** The contact attribute that holds a contact's own time zone. */
export const TIME_ZONE_ATTRIBUTE = 'timezone';

/**
 * When a flow may send: on these days, from `from` until `to` (excluded), on the contact's clock. A
 * send step due outside it waits for the next opening.
 */
export const SendWindow = z
  .strictObject({
    days: z.array(Weekday).min(1, { error: 'Choose at least one day' }),
    from: LocalTime,
    to: LocalTime,
  })
  .superRefine((w, ctx) => {
    if (w.to <= w.from)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'The window must end after it starts, on the same day',
      });
  });
export type SendWindow = z.infer<typeof SendWindow>;

/** "Mon–Fri", "Mon, Wed", "every day". */
export function describeDays(days: readonly Weekday[]): string {
  const set = new Set(days);
  if (set.size === 7) return 'every day';
  const idx = WEEKDAYS.map((d) => set.has(d));
  // A run of three days or more reads as a range.
  const first = idx.indexOf(true);
  const last = idx.lastIndexOf(true);
  if (last - first >= 2 && idx.slice(first, last + 1).every(Boolean))
    return `${WEEKDAY_NAMES[WEEKDAYS[first] as Weekday]}–${WEEKDAY_NAMES[WEEKDAYS[last] as Weekday]}`;
  return WEEKDAYS.filter((d) => set.has(d))
    .map((d) => WEEKDAY_NAMES[d])
    .join(', ');
}

/** "Mon–Fri 09:00–17:00" */
export function describeWindow(window: SendWindow): string {
  return `${describeDays(window.days)} ${window.from}–${window.to}`;
}
