// Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Minutes since local midnight in Asia/Shanghai. */
export function shanghaiMinuteOfDay(at: Date): number {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
}

/** "22:00" → 1320. */
export function minuteOfDay(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The first instant at or after `from` whose Shanghai wall clock reads `hhmm`. */
export function nextShanghaiTime(from: Date, hhmm: string): Date {
  const local = from.getTime() + SHANGHAI_OFFSET_MS;
  const localMidnight = Math.floor(local / DAY_MS) * DAY_MS;
  let candidate = localMidnight + minuteOfDay(hhmm) * 60_000;
  if (candidate < local) candidate += DAY_MS;
  return new Date(candidate - SHANGHAI_OFFSET_MS);
}

/** The Shanghai calendar day of an instant, e.g. `2026-11-23`: names a daily digest. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
