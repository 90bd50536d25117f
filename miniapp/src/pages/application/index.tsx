import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { StateView } from '../../components/StateView';
import {
  formatTime,
  getApplication,
  statusTone,
  timelineEntries,
} from '../../features/applications/timeline';
import { statusLabels } from '../../features/labels';
import { useRemote } from '../../features/remote';
import { api } from '../../services/api';

export default function ApplicationPage() {
  const applicationId = useRouter().params.id ?? '';
  const { state, reload } = useRemote(
    () => getApplication(api.intake, applicationId),
    [applicationId],
  );
  return (
    <View className="page application">
      <StateView state={state} onRetry={reload} emptyText="申请不存在">
        {(application) => (
          <View>
            <View className="card">
              <Text className="page-title">{application.carrierName ?? '入孵申请'}</Text>
              <Text>{application.content.project?.name ?? ''}</Text>
              <Text className={`status status-${statusTone(application.status)}`}>
                当前状态：{statusLabels[application.status]}
              </Text>
              {application.interviewAt ? (
                <Text className="muted">面试时间：{formatTime(application.interviewAt)}</Text>
              ) : null}
            </View>
            <View className="card timeline">
              <Text className="section-title">进度</Text>
              {timelineEntries(application).map((entry, index) => (
                <View key={`${entry.at}-${index}`} className="timeline-entry">
                  <Text className={`status status-${statusTone(entry.status)}`}>{entry.label}</Text>
                  <Text className="muted small">
                    {entry.at} · {entry.by}
                  </Text>
                  {entry.comment ? <Text className="comment">“{entry.comment}”</Text> : null}
                </View>
              ))}
              {application.timeline.length === 0 ? <Text className="muted">尚未提交</Text> : null}
            </View>
          </View>
        )}
      </StateView>
    </View>
  );
}
