import { Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { CarrierContact } from '../../components/CarrierContact';
import { NavBar } from '../../components/NavBar';
import { Photos } from '../../components/Photos';
import { StateView } from '../../components/StateView';
import { attrs, labelled, pressable } from '../../components/a11y';
import {
  honorLine,
  loadCarrierProfile,
  serviceSections,
  setFollowing,
  statisticRows,
} from '../../features/carrier/profile';
import { entryRules, POLICY_SOURCE } from '../../features/carrier/rules';
import { kindLabels, levelLabels } from '../../features/labels';
import { formatDate } from '../../features/news/articles';
import { useRemote } from '../../features/remote';
import { useSession } from '../../features/session';
import { api } from '../../services/api';
import { errorMessage } from '../../services/problem';

export default function CarrierPage() {
  const carrierId = useRouter().params.id ?? '';
  const { session, signIn } = useSession();
  const [busy, setBusy] = useState(false);
  const { state, reload, setData } = useRemote(
    () => loadCarrierProfile(api, carrierId, Boolean(session)),
    [carrierId, Boolean(session)],
  );

  async function toggleFollow(following: boolean | null) {
    if (busy || state.status !== 'ready') return;
    if (!session && !(await signIn())) return;
    setBusy(true);
    try {
      const now = await setFollowing(api.notification, carrierId, !following);
      setData({ ...state.data, following: now });
      void Taro.showToast({ title: now ? '已关注' : '已取消关注', icon: 'none' });
    } catch (error) {
      void Taro.showToast({ title: errorMessage(error), icon: 'none' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="page page-with-nav carrier">
      <NavBar title="载体详情" />
      <StateView state={state} onRetry={reload} emptyText="载体不存在">
        {({ carrier, news, following, policy }) => {
          const rules = entryRules(carrier, policy);
          const services = serviceSections(carrier);
          const statistics = statisticRows(carrier);
          const canApply = carrier.intake.accepting && carrier.status === 'active';
          return (
            <View>
              <Photos carrier={carrier} />
              <View className="card">
                <Text className="page-title" {...attrs({ role: 'heading', 'aria-level': '2' })}>
                  {carrier.name}
                </Text>
                <View className="row tags">
                  <Text className="tag">{kindLabels[carrier.kind]}</Text>
                  {carrier.level ? <Text className="tag">{levelLabels[carrier.level]}</Text> : null}
                  <Text className={canApply ? 'tag tag-ok' : 'tag tag-off'}>
                    {canApply ? '接受申请' : '暂停受理'}
                  </Text>
                  {carrier.status === 'retired' ? (
                    <Text className="tag tag-off">已撤销</Text>
                  ) : null}
                </View>
                <Text className="muted">运营机构：{carrier.operator.name}</Text>
                {carrier.focusIndustries?.length ? (
                  <Text className="muted">重点领域：{carrier.focusIndustries.join('、')}</Text>
                ) : null}
                <View className="actions">
                  <Button
                    className={following ? 'btn follow following' : 'btn follow'}
                    loading={busy}
                    aria-pressed={following ? 'true' : 'false'}
                    onClick={() => toggleFollow(following)}
                  >
                    {following ? '已关注' : '关注'}
                  </Button>
                  <Button
                    className="btn btn-primary apply"
                    disabled={!canApply}
                    onClick={() =>
                      Taro.navigateTo({ url: `/pages/apply/index?carrierId=${carrier.id}` })
                    }
                  >
                    {canApply ? '申请入孵' : '暂停受理'}
                  </Button>
                </View>
              </View>

              <View className="card rules" {...labelled('region', '入孵条件')}>
                <Text className="section-title">入孵条件</Text>
                {rules.length ? (
                  <View className="rule-list">
                    {rules.map((rule) => (
                      <Text key={rule} className="rule">
                        {rule}
                      </Text>
                    ))}
                  </View>
                ) : (
                  <Text className="muted">暂无入孵条件说明</Text>
                )}
                {policy ? <Text className="muted small">依据：{POLICY_SOURCE}</Text> : null}
              </View>

              <View className="card contact" {...labelled('region', '联系与位置')}>
                <Text className="section-title">联系与位置</Text>
                <CarrierContact carrier={carrier} noPhone="暂未公布联系电话" />
              </View>

              <View className="card">
                <Text className="section-title">资质荣誉</Text>
                {carrier.honors.length ? (
                  carrier.honors.map((honor) => (
                    <View key={honor.id} className="honor-row">
                      <Text className="honor">{honor.title}</Text>
                      <Text className="muted">{honorLine(honor)}</Text>
                    </View>
                  ))
                ) : (
                  <Text className="muted">暂无荣誉记录</Text>
                )}
              </View>

              <View className="card">
                <Text className="section-title">服务内容</Text>
                {services.map((section) => (
                  <View key={section.title} className="service-group">
                    <Text className="label">{section.title}</Text>
                    <View className="chips">
                      {section.items.map((item) => (
                        <Text key={item} className="chip">
                          {item}
                        </Text>
                      ))}
                    </View>
                  </View>
                ))}
                {services.length === 0 ? <Text className="muted">暂无服务信息</Text> : null}
              </View>

              <View className="card">
                <Text className="section-title">运营数据</Text>
                {statistics.map((row) => (
                  <View key={row.label} className="row between">
                    <Text>{row.label}</Text>
                    <Text className="strong">{row.value}</Text>
                  </View>
                ))}
                {statistics.length === 0 ? <Text className="muted">暂无统计数据</Text> : null}
              </View>

              <View className="card">
                <Text className="section-title">相关资讯</Text>
                {news.length ? (
                  news.map((article) => (
                    <View
                      key={article.id}
                      className="news-row"
                      {...pressable(undefined, () =>
                        Taro.navigateTo({ url: `/pages/article/index?id=${article.id}` }),
                      )}
                    >
                      <Text>{article.title}</Text>
                      <Text className="muted">{formatDate(article.publishedAt)}</Text>
                    </View>
                  ))
                ) : (
                  <Text className="muted">暂无相关资讯</Text>
                )}
              </View>
            </View>
          );
        }}
      </StateView>
    </View>
  );
}
