import { Text, View } from '@tarojs/components';
import { Button } from './Button';
import type { ReactNode } from 'react';
import type { RemoteState } from '../features/remote';

interface Props<T> {
  state: RemoteState<T>;
  onRetry: () => void;
  emptyText: string;
  /** what an empty answer shows instead of emptyText (a no-result page with suggestions) */
  renderEmpty?: () => ReactNode;
  children: (data: T) => ReactNode;
}

/** Loading, empty, error (with 重试) or the content: no page is ever blank. */
export function StateView<T>({ state, onRetry, emptyText, renderEmpty, children }: Props<T>) {
  if (state.status === 'loading') {
    return (
      <View className="state state-loading" role="status">
        <Text>加载中…</Text>
      </View>
    );
  }
  if (state.status === 'error') {
    return (
      <View className="state state-error" role="alert">
        <Text className="state-text">{state.message}</Text>
        <Button className="btn btn-primary retry" onClick={onRetry}>
          重试
        </Button>
      </View>
    );
  }
  if (state.status === 'empty') {
    if (renderEmpty) return <>{renderEmpty()}</>;
    return (
      <View className="state state-empty">
        <Text>{emptyText}</Text>
      </View>
    );
  }
  return <>{children(state.data)}</>;
}
