import { Text, View } from '@tarojs/components';

export default function DiscoverPage() {
  return (
    <View className="discover">
      <Text>发现孵化载体</Text>
    </View>
  );
}
