import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { LoginPrompt } from '../../components/LoginPrompt';
import { StateView } from '../../components/StateView';
import { pressable } from '../../components/a11y';
import { formatTime, listMyApplications, statusTone } from '../../features/applications/timeline';
import { statusLabels } from '../../features/labels';
import { usePullToReload } from '../../features/pull-refresh';
import { useRemote } from '../../features/remote';
import { useSession } from '../../features/session';
import { api } from '../../services/api';

function MyApplications() {
  const { state, reload } = useRemote(
    () => listMyApplications(api.intake),
    [],
    (items) => items.length === 0,
  );
  useDidShow(reload);
  usePullToReload(reload);
  return (
    <StateView state={state} onRetry={reload} emptyText="还没有入孵申请，去“发现”找找合适的载体吧">
      {(items) => (
        <View>
          {items.map((application) => (
            <View
              key={application.id}
              className="card card-button application-card"
              {...pressable(undefined, () =>
                Taro.navigateTo({ url: `/pages/application/index?id=${application.id}` }),
              )}
            >
              <View className="row between">
                <Text className="card-title">{application.carrierName ?? '入孵申请'}</Text>
                <Text className={`status status-${statusTone(application.status)}`}>
                  {statusLabels[application.status]}
                </Text>
              </View>
              {application.projectName ? <Text>{application.projectName}</Text> : null}
              <Text className="muted small">更新于 {formatTime(application.updatedAt)}</Text>
            </View>
          ))}
        </View>
      )}
    </StateView>
  );
}

export default function ApplicationsPage() {
  const { session, signIn } = useSession();
  return (
    <View className="page applications">
      {session ? <MyApplications /> : <LoginPrompt text="登录后查看我的申请" onLogin={signIn} />}
    </View>
  );
}
