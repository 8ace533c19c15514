const SECTION = '5 Memory and storage';
const mb = (b) => b / 1024 / 1024;

/**
 * Section 5's rows from what section 1 read after feeding its worker on: the worker's and the no-op
 * worker's RSS, and the SQLite size (main file + WAL, after a checkpoint) against the seeded size, with the
 * size at 1,000,000 events extrapolated linearly from the bytes per event.
 * @param {{ contacts: number, events: number, seconds: number, memory: { rss: number, peakRss: number },
 *   refMemory: { rss: number }, bytes: number, seededBytes: number }} m
 */
export function footprintRows(m) {
  const perEvent = (m.bytes - m.seededBytes) / m.events;
  const details = {
    contacts: m.contacts,
    events: m.events,
    seconds: m.seconds,
    workerRss: m.memory.rss,
    workerPeakRss: m.memory.peakRss,
    noopRss: m.refMemory.rss,
    sqliteBytes: m.bytes,
    sqliteBytesAfterSeeding: m.seededBytes,
    bytesPerEvent: perEvent,
    sqliteBytesAt1M: m.seededBytes + perEvent * 1_000_000,
  };
  const rows = [
    {
      section: SECTION,
      figure: `worker RSS MB after ${m.events.toLocaleString('en-US')} events, ${m.contacts.toLocaleString('en-US')} contacts`,
      value: mb(m.memory.rss),
      reference: 'no-op BullMQ worker RSS MB',
      refValue: mb(m.refMemory.rss),
      ratio: m.memory.rss / m.refMemory.rss,
      target: 'report',
      pass: null,
    },
    {
      section: SECTION,
      figure: `SQLite MB after ${m.events.toLocaleString('en-US')} events`,
      value: mb(m.bytes),
      reference: 'SQLite MB with the contacts only',
      refValue: mb(m.seededBytes),
      ratio: m.bytes / m.seededBytes,
      target: 'report',
      pass: null,
    },
    {
      section: SECTION,
      figure: 'SQLite MB at 1,000,000 events (extrapolated, linear)',
      value: mb(details.sqliteBytesAt1M),
      reference: 'bytes / event measured',
      refValue: perEvent,
      ratio: null,
      target: 'report',
      pass: null,
    },
  ];
  return { rows, details };
}
