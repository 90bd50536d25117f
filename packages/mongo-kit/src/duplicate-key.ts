/**
 * Whether a write failed on a unique index (E11000): the one check every service and package
 * uses, for single writes and for bulk writes (`insertMany`, whose error carries `writeErrors`).
 */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, writeErrors } = error as { code?: unknown; writeErrors?: unknown };
  if (code === 11000 || code === 11001) return true;
  return (
    Array.isArray(writeErrors) &&
    writeErrors.some((item: { code?: unknown; err?: { code?: unknown } }) =>
      [item.code, item.err?.code].some((c) => c === 11000 || c === 11001),
    )
  );
}
