import Taro, { usePullDownRefresh } from '@tarojs/taro';

/** Pull-down refresh (the page config sets enablePullDownRefresh): reload, then fold the spinner. */
export function usePullToReload(reload: () => Promise<void>): void {
  usePullDownRefresh(() => {
    void reload().finally(() => void Taro.stopPullDownRefresh());
  });
}
