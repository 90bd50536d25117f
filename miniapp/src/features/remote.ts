// Loading / empty / error / ready for every page: a small state machine and the hook on it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../services/problem';

export type RemoteState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string; error: unknown }
  | { status: 'empty' }
  | { status: 'ready'; data: T };

export function settle<T>(data: T, isEmpty: (data: T) => boolean = () => false): RemoteState<T> {
  return isEmpty(data) ? { status: 'empty' } : { status: 'ready', data };
}

export function failed<T>(error: unknown): RemoteState<T> {
  return { status: 'error', message: errorMessage(error), error };
}

/** Runs `load` and settles its result; never throws (an error becomes the error state). */
export async function runLoad<T>(
  load: () => Promise<T>,
  isEmpty?: (data: T) => boolean,
): Promise<RemoteState<T>> {
  try {
    return settle(await load(), isEmpty);
  } catch (error) {
    return failed(error);
  }
}

/**
 * Loads when `deps` change; `reload` runs it again (the 重试 button, pull-down refresh) and
 * resolves when it has settled. A late answer of an older
 * load never overwrites a newer one, nor data the page set itself after that load began.
 */
export function useRemote<T>(
  load: () => Promise<T>,
  deps: unknown[],
  isEmpty?: (data: T) => boolean,
): { state: RemoteState<T>; reload: () => Promise<void>; setData: (data: T) => void } {
  const [state, setState] = useState<RemoteState<T>>({ status: 'loading' });
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState({ status: 'loading' });
    return runLoad(load, isEmpty).then((next) => {
      if (mine === generation.current) setState(next);
    });
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  const setData = useCallback(
    (data: T) => {
      generation.current += 1;
      setState(settle(data, isEmpty));
    },
    [isEmpty],
  );
  return { state, reload, setData };
}
