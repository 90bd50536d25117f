// The session as pages see it: logged in or not, and a login that reports its failure.
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { currentSession, login, logout } from '../services/api';
import { errorMessage } from '../services/problem';
import type { Session } from '../services/session';

export function useSession(): {
  session: Session | null;
  signIn: () => Promise<Session | null>;
  signOut: () => void;
} {
  const [session, setSession] = useState<Session | null>(() => currentSession());
  useDidShow(() => setSession(currentSession()));
  const signIn = useCallback(async () => {
    try {
      const next = await login();
      setSession(next);
      return next;
    } catch (error) {
      void Taro.showToast({ title: errorMessage(error), icon: 'none' });
      return null;
    }
  }, []);
  const signOut = useCallback(() => {
    logout();
    setSession(null);
  }, []);
  return { session, signIn, signOut };
}
