import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { StateView } from '../../components/StateView';
import { nativeLabel, pressable } from '../../components/a11y';
import { articleKindLabels, entries, type ArticleKind } from '../../features/labels';
import {
  emptyNewsFilters,
  formatDate,
  listArticles,
  type NewsFilters,
} from '../../features/news/articles';
import { usePullToReload } from '../../features/pull-refresh';
import { useRemote } from '../../features/remote';
import { api } from '../../services/api';

const kinds: { value: ArticleKind | ''; label: string }[] = [
  { value: '', label: '全部' },
  ...entries(articleKindLabels),
];

export default function NewsPage() {
  const [filters, setFilters] = useState<NewsFilters>(emptyNewsFilters);
  const { state, reload } = useRemote(
    () => listArticles(api.newsFeed, filters),
    [filters],
    (page) => page.items.length === 0,
  );
  usePullToReload(reload);
  return (
    <View className="page news">
      <View className="search-bar">
        <Input
          className="search-input"
          placeholder="搜索资讯、政策"
          nativeProps={nativeLabel('搜索资讯、政策')}
          confirmType="search"
          maxlength={100}
          onConfirm={(event) => setFilters({ ...filters, text: event.detail.value })}
        />
      </View>
      <View className="chips tabs" role="group" aria-label="资讯类型">
        {kinds.map((kind) => (
          <Text
            key={kind.value || 'all'}
            className={filters.kind === kind.value ? 'chip chip-on' : 'chip'}
            {...pressable(
              kind.label,
              () => setFilters({ ...filters, kind: kind.value }),
              filters.kind === kind.value,
            )}
          >
            {kind.label}
          </Text>
        ))}
      </View>
      <Input
        className="input"
        placeholder="地区，如：山东省"
        nativeProps={nativeLabel('按地区筛选资讯')}
        maxlength={50}
        onConfirm={(event) => setFilters({ ...filters, region: event.detail.value })}
        onBlur={(event) => setFilters({ ...filters, region: event.detail.value })}
      />
      <StateView state={state} onRetry={reload} emptyText="暂无资讯">
        {(page) => (
          <View>
            {page.items.map((article) => (
              <View
                key={article.id}
                className="card card-button article-card"
                {...pressable(undefined, () =>
                  Taro.navigateTo({ url: `/pages/article/index?id=${article.id}` }),
                )}
              >
                <Text className="card-title">{article.title}</Text>
                {article.summary ? <Text className="muted">{article.summary}</Text> : null}
                <Text className="muted small">
                  {articleKindLabels[article.kind]} · {formatDate(article.publishedAt)}
                  {article.region ? ` · ${article.region}` : ''}
                </Text>
              </View>
            ))}
          </View>
        )}
      </StateView>
    </View>
  );
}
