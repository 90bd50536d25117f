import { Text, View } from '@tarojs/components';
import { Button } from './Button';

export function LoginPrompt({ text, onLogin }: { text: string; onLogin: () => void }) {
  return (
    <View className="state state-login">
      <Text className="state-text">{text}</Text>
      <Button className="btn btn-primary login" onClick={onLogin}>
        微信登录
      </Button>
    </View>
  );
}

/** Login at the top of a page that needs it for what comes next. */
export function LoginBanner({ text, onLogin }: { text: string; onLogin: () => void }) {
  return (
    <View className="login-banner" role="region" aria-label="登录提示">
      <Text>{text}</Text>
      <Button className="btn btn-primary login" onClick={onLogin}>
        微信登录
      </Button>
    </View>
  );
}
