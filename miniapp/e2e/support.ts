// Shared pieces of the end-to-end run; the system itself comes from infra/local/stack.mjs.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const miniappDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(miniappDir, '..');

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 1_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
