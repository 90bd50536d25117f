import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { StateView } from '../../components/StateView';
import {
  honorLine,
  loadCarrierProfile,
  locationLine,
  serviceSections,
  setFollowing,
  statisticRows,
} from '../../features/carrier/profile';
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
    <View className="page carrier">
      <StateView state={state} onRetry={reload} emptyText="载体不存在">
        {({ carrier, news, following }) => (
          <View>
            <View className="card">
              <Text className="page-title">{carrier.name}</Text>
              <View className="row tags">
                <Text className="tag">{kindLabels[carrier.kind]}</Text>
                {carrier.level ? <Text className="tag">{levelLabels[carrier.level]}</Text> : null}
                {carrier.status === 'retired' ? <Text className="tag tag-off">已撤销</Text> : null}
              </View>
              <Text className="muted">运营机构：{carrier.operator.name}</Text>
              <Text className="muted">地址：{locationLine(carrier)}</Text>
              {carrier.focusIndustries?.length ? (
                <Text className="muted">重点领域：{carrier.focusIndustries.join('、')}</Text>
              ) : null}
              <View className="row actions">
                <Button
                  className={following ? 'btn follow following' : 'btn follow'}
                  size="mini"
                  loading={busy}
                  onClick={() => toggleFollow(following)}
                >
                  {following ? '已关注' : '关注'}
                </Button>
                <Button
                  className="btn btn-primary apply"
                  size="mini"
                  disabled={!carrier.intake.accepting || carrier.status !== 'active'}
                  onClick={() =>
                    Taro.navigateTo({ url: `/pages/apply/index?carrierId=${carrier.id}` })
                  }
                >
                  {carrier.intake.accepting ? '申请入孵' : '暂停受理'}
                </Button>
              </View>
              {carrier.intake.requirements ? (
                <Text className="muted">入孵要求：{carrier.intake.requirements}</Text>
              ) : null}
            </View>

            <View className="card">
              <Text className="section-title">资质荣誉</Text>
              {carrier.honors.length ? (
                carrier.honors.map((honor) => (
                  <View key={honor.id} className="honor-row">
                    <Text className="honor">🏅 {honor.title}</Text>
                    <Text className="muted">{honorLine(honor)}</Text>
                  </View>
                ))
              ) : (
                <Text className="muted">暂无荣誉记录</Text>
              )}
            </View>

            <View className="card">
              <Text className="section-title">服务内容</Text>
              {serviceSections(carrier).map((section) => (
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
              {serviceSections(carrier).length === 0 ? (
                <Text className="muted">暂无服务信息</Text>
              ) : null}
            </View>

            <View className="card">
              <Text className="section-title">运营数据</Text>
              {statisticRows(carrier).map((row) => (
                <View key={row.label} className="row between">
                  <Text>{row.label}</Text>
                  <Text className="strong">{row.value}</Text>
                </View>
              ))}
              {statisticRows(carrier).length === 0 ? (
                <Text className="muted">暂无统计数据</Text>
              ) : null}
            </View>

            <View className="card">
              <Text className="section-title">相关资讯</Text>
              {news.length ? (
                news.map((article) => (
                  <View
                    key={article.id}
                    className="news-row"
                    onClick={() =>
                      Taro.navigateTo({ url: `/pages/article/index?id=${article.id}` })
                    }
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
        )}
      </StateView>
    </View>
  );
}
