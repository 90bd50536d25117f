import { minuteOfDay, nextShanghaiTime, shanghaiMinuteOfDay } from './shanghai-clock.js';

export interface QuietHours {
  /** Asia/Shanghai wall clock, "HH:MM" */
  start: string;
  end: string;
}

/** Whether `at` falls inside the quiet hours; a window such as 22:00–08:00 crosses midnight. */
export function isQuiet(at: Date, quietHours: QuietHours | null | undefined): boolean {
  if (!quietHours) return false;
  const start = minuteOfDay(quietHours.start);
  const end = minuteOfDay(quietHours.end);
  if (start === end) return false;
  const now = shanghaiMinuteOfDay(at);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * When a message may go out on a channel that reaches the user's phone: urgent ones at once,
 * the others at the end of the quiet hours. The inbox is silent, so it never waits.
 */
export function releaseTime(
  now: Date,
  quietHours: QuietHours | null | undefined,
  urgent: boolean,
): Date {
  if (urgent || !quietHours || !isQuiet(now, quietHours)) return now;
  return nextShanghaiTime(now, quietHours.end);
}
