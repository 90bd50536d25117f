import { Text, View } from '@tarojs/components';
import { Button } from './Button';
import Taro from '@tarojs/taro';
import { attrs } from './a11y';

/** Back to where the user came from, or to 发现 when the page was opened directly (a shared link). */
export function goBack(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: '/pages/discover/index' });
}

/**
 * The H5 build's navigation bar on sub-pages: WeChat draws its own (with the back arrow) from the
 * page's navigationBarTitleText, so the weapp build renders nothing here.
 */
export function NavBar({ title }: { title: string }) {
  if (process.env.TARO_ENV !== 'h5') return null;
  return (
    <View className="nav-bar" role="navigation" aria-label="页面导航">
      <Button className="nav-back" aria-label="返回上一页" onClick={goBack}>
        ‹ 返回
      </Button>
      <Text className="nav-title" {...attrs({ role: 'heading', 'aria-level': '1' })}>
        {title}
      </Text>
    </View>
  );
}
