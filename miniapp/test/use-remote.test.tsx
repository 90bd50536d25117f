// @vitest-environment happy-dom
// The hook every page's loading / empty / error (重试) states come from, rendered with react-dom.
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { useRemote, type RemoteState } from '../src/features/remote';
import { ApiError } from '../src/services/problem';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

interface Probe<T> {
  state: RemoteState<T>;
  reload: () => Promise<void>;
  setData: (data: T) => void;
}

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
});

function render<T>(load: () => Promise<T>, deps: unknown[], isEmpty?: (data: T) => boolean) {
  const probe = {} as Probe<T>;
  function Page({ deps: current }: { deps: unknown[] }) {
    const { state, reload, setData } = useRemote(load, current, isEmpty);
    probe.state = state;
    probe.reload = reload;
    probe.setData = setData;
    return null;
  }
  root = createRoot(document.createElement('div'));
  act(() => root!.render(createElement(Page, { deps })));
  return {
    probe,
    rerender: (next: unknown[]) => act(() => root!.render(createElement(Page, { deps: next }))),
  };
}

const flush = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));

describe('useRemote', () => {
  it('shows loading, then an error with a message, and 重试 loads again', async () => {
    let calls = 0;
    const { probe } = render(async () => {
      calls++;
      if (calls === 1) throw new ApiError(500, 'Internal Server Error', undefined);
      return ['启迪之星（德州）'];
    }, []);
    expect(probe.state).toEqual({ status: 'loading' });
    await flush();
    expect(probe.state).toMatchObject({ status: 'error', message: '服务暂时不可用，请稍后重试' });
    act(() => {
      void probe.reload();
    });
    expect(probe.state).toEqual({ status: 'loading' });
    await flush();
    expect(probe.state).toEqual({ status: 'ready', data: ['启迪之星（德州）'] });
  });

  it('reload resolves once its answer is shown, so pull-down refresh folds its spinner then', async () => {
    let calls = 0;
    const { probe } = render(async () => ++calls, []);
    await flush();
    let reloaded: Promise<void> = Promise.resolve();
    act(() => {
      reloaded = probe.reload();
    });
    expect(probe.state).toEqual({ status: 'loading' });
    await act(async () => reloaded);
    expect(probe.state).toEqual({ status: 'ready', data: 2 });
  });

  it('shows the empty state for an empty answer', async () => {
    const { probe } = render(
      async () => [],
      [],
      (items: unknown[]) => items.length === 0,
    );
    await flush();
    expect(probe.state).toEqual({ status: 'empty' });
  });

  it('keeps the answer of the newest load when an older one arrives late', async () => {
    const pending: Record<string, (value: string) => void> = {};
    let query = 'qi';
    const { probe, rerender } = render(
      () => new Promise<string>((resolve) => (pending[query] = resolve)),
      [query],
    );
    query = 'qidi';
    rerender([query]);
    await act(async () => pending['qidi']!('new'));
    await act(async () => pending['qi']!('old'));
    await flush();
    expect(probe.state).toEqual({ status: 'ready', data: 'new' });
  });

  it('keeps what the page set itself over a load that began before (follow right after login)', async () => {
    const pending: ((value: string) => void)[] = [];
    const { probe, rerender } = render(
      () => new Promise<string>((resolve) => pending.push(resolve)),
      ['anonymous'],
    );
    await act(async () => pending[0]!('未关注'));
    rerender(['signed-in']); // logging in reloads the profile…
    act(() => probe.setData('已关注')); // …while the follow the founder tapped completes first
    await act(async () => pending[1]!('未关注'));
    await flush();
    expect(probe.state).toEqual({ status: 'ready', data: '已关注' });
  });
});
