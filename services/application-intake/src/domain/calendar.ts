// Whole-month arithmetic on calendar dates (UTC), as the incubation rules count months.

/** Full months from `from` to `to` (negative when `to` is earlier). */
export function fullMonthsBetween(from: Date, to: Date): number {
  let months =
    (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  if (months > 0 && to.getUTCDate() < from.getUTCDate()) months -= 1;
  if (months < 0 && to.getUTCDate() > from.getUTCDate()) months += 1;
  return months;
}

/** The same day `months` later, clamped to the end of a shorter month. */
export function addMonths(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)));
}
