// The founder's session: a token from application-intake's login, kept in Taro storage.
// Storage is injected so the logic runs in tests without Taro.
import type { IntakeClient } from '@shuangchuang/contracts';
import { unwrap } from './problem';

export interface KeyValueStorage {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export interface Session {
  token: string;
  userId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const SESSION_KEY = 'sc.session';
const DEV_NAME_KEY = 'sc.devFounder';

export function readSession(storage: KeyValueStorage, now = Date.now()): Session | null {
  const raw = storage.get(SESSION_KEY);
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    if (typeof session.token !== 'string' || session.expiresAt <= now) return null;
    return session;
  } catch {
    return null;
  }
}

export function clearSession(storage: KeyValueStorage): void {
  storage.remove(SESSION_KEY);
}

/** H5 development login: a stable founder name per browser, sent as `dev:<name>`. */
export function developmentCode(storage: KeyValueStorage, random = Math.random): string {
  let name = storage.get(DEV_NAME_KEY);
  if (!name) {
    name = `h5_${Math.floor(random() * 36 ** 8)
      .toString(36)
      .padStart(8, '0')}`;
    storage.set(DEV_NAME_KEY, name);
  }
  return `dev:${name}`;
}

export async function login(
  intake: IntakeClient,
  storage: KeyValueStorage,
  code: string,
  now = Date.now(),
): Promise<Session> {
  const result = await unwrap(intake.POST('/auth/login', { body: { code } }));
  const session: Session = {
    token: result.token,
    userId: result.user.id,
    expiresAt: now + result.expiresIn * 1000,
  };
  storage.set(SESSION_KEY, JSON.stringify(session));
  return session;
}
