import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { LoginPrompt } from '../../components/LoginPrompt';
import { StateView } from '../../components/StateView';
import { pressable } from '../../components/a11y';
import { formatTime } from '../../features/applications/timeline';
import { deleteMyData, exportMyData, exportSummary, listFollows } from '../../features/me/account';
import { usePullToReload } from '../../features/pull-refresh';
import { useRemote } from '../../features/remote';
import { useSession } from '../../features/session';
import { api } from '../../services/api';
import { errorMessage } from '../../services/problem';

function Follows() {
  const { state, reload } = useRemote(
    () => listFollows(api.notification),
    [],
    (items) => items.length === 0,
  );
  useDidShow(reload);
  usePullToReload(reload);
  return (
    <View className="card">
      <Text className="section-title">我关注的载体</Text>
      <StateView state={state} onRetry={reload} emptyText="还没有关注载体">
        {(follows) => (
          <View>
            {follows.map((follow) => (
              <View
                key={follow.carrierId}
                className="row between follow-row"
                {...pressable(`查看载体 ${follow.carrierName ?? follow.carrierId}`, () =>
                  Taro.navigateTo({ url: `/pages/carrier/index?id=${follow.carrierId}` }),
                )}
              >
                <Text>{follow.carrierName ?? follow.carrierId}</Text>
                <Text className="muted small">{formatTime(follow.followedAt)}</Text>
              </View>
            ))}
          </View>
        )}
      </StateView>
    </View>
  );
}

export default function MePage() {
  const { session, signIn, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [exported, setExported] = useState<string | null>(null);

  async function exportData() {
    setBusy(true);
    try {
      const data = await exportMyData(api);
      setExported(exportSummary(data));
      await Taro.setClipboardData({ data: JSON.stringify(data, null, 2) });
    } catch (error) {
      void Taro.showToast({ title: errorMessage(error), icon: 'none' });
    } finally {
      setBusy(false);
    }
  }

  async function deleteData() {
    const { confirm } = await Taro.showModal({
      title: '删除个人数据',
      content: '将删除您的关注、消息与联系方式，并匿名化已提交的申请，且不可恢复。确定删除吗？',
      confirmText: '删除',
      confirmColor: '#d93026',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await deleteMyData(api);
      signOut();
      void Taro.showToast({ title: '已删除', icon: 'success' });
    } catch (error) {
      void Taro.showToast({ title: errorMessage(error), icon: 'none' });
    } finally {
      setBusy(false);
    }
  }

  if (!session) {
    return (
      <View className="page me">
        <LoginPrompt text="登录后管理关注、申请与个人数据" onLogin={signIn} />
      </View>
    );
  }
  return (
    <View className="page me">
      <View className="card">
        <Text className="page-title">创业者</Text>
        <Text className="muted small">用户编号：{session.userId}</Text>
      </View>
      <Follows />
      <View className="card">
        <Text className="section-title">个人数据</Text>
        <Button className="btn export" loading={busy} onClick={exportData}>
          导出我的数据
        </Button>
        {exported ? <Text className="muted">已复制到剪贴板：{exported}</Text> : null}
        <Button className="btn btn-danger delete" loading={busy} onClick={deleteData}>
          删除我的数据
        </Button>
        <Button className="btn logout" onClick={signOut}>
          退出登录
        </Button>
      </View>
    </View>
  );
}
