import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { CarrierContact } from '../../components/CarrierContact';
import { NavBar } from '../../components/NavBar';
import { StateView } from '../../components/StateView';
import { labelled } from '../../components/a11y';
import {
  formatTime,
  getApplication,
  nextSteps,
  showsCarrierContact,
  statusTone,
  timelineEntries,
} from '../../features/applications/timeline';
import { statusLabels } from '../../features/labels';
import { useRemote } from '../../features/remote';
import { api } from '../../services/api';
import { unwrap } from '../../services/problem';

export default function ApplicationPage() {
  const applicationId = useRouter().params.id ?? '';
  const { state, reload } = useRemote(async () => {
    const application = await getApplication(api.intake, applicationId);
    const carrier = showsCarrierContact(application.status)
      ? await unwrap(
          api.registry.GET('/carriers/{carrierId}', {
            params: { path: { carrierId: application.carrierId } },
          }),
        ).catch(() => null)
      : null;
    return { application, carrier };
  }, [applicationId]);
  return (
    <View className="page page-with-nav application">
      <NavBar title="申请进度" />
      <StateView state={state} onRetry={reload} emptyText="申请不存在">
        {({ application, carrier }) => {
          const steps = nextSteps(application.status);
          return (
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
              {steps.length ? (
                <View className="card next-steps" {...labelled('region', '下一步')}>
                  <Text className="section-title">下一步</Text>
                  <View className="rule-list">
                    {steps.map((line) => (
                      <Text key={line} className="rule">
                        {line}
                      </Text>
                    ))}
                  </View>
                </View>
              ) : null}
              {carrier ? (
                <View className="card carrier-contact" {...labelled('region', '联系载体')}>
                  <Text className="section-title">联系 {carrier.name}</Text>
                  <CarrierContact
                    carrier={carrier}
                    noPhone="载体暂未公布电话，请留意载体与您的联系"
                  />
                </View>
              ) : null}
              <View className="card timeline">
                <Text className="section-title">进度</Text>
                {timelineEntries(application).map((entry, index) => (
                  <View key={`${entry.at}-${index}`} className="timeline-entry">
                    <Text className={`status status-${statusTone(entry.status)}`}>
                      {entry.label}
                    </Text>
                    <Text className="muted small">
                      {entry.at} · {entry.by}
                    </Text>
                    {entry.comment ? <Text className="comment">“{entry.comment}”</Text> : null}
                  </View>
                ))}
                {application.timeline.length === 0 ? <Text className="muted">尚未提交</Text> : null}
              </View>
            </View>
          );
        }}
      </StateView>
    </View>
  );
}
