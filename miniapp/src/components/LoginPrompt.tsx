import { Button, Text, View } from '@tarojs/components';

export function LoginPrompt({ text, onLogin }: { text: string; onLogin: () => void }) {
  return (
    <View className="state state-login">
      <Text className="state-text">{text}</Text>
      <Button className="btn btn-primary login" size="mini" onClick={onLogin}>
        微信登录
      </Button>
    </View>
  );
}
