import { RichText, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { NavBar } from '../../components/NavBar';
import { StateView } from '../../components/StateView';
import { pressable } from '../../components/a11y';
import { articleKindLabels } from '../../features/labels';
import { formatDate, getArticle, richTextHtml } from '../../features/news/articles';
import { useRemote } from '../../features/remote';
import { api } from '../../services/api';

export default function ArticlePage() {
  const articleId = useRouter().params.id ?? '';
  const { state, reload } = useRemote(() => getArticle(api.newsFeed, articleId), [articleId]);
  return (
    <View className="page page-with-nav article">
      <NavBar title="资讯详情" />
      <StateView state={state} onRetry={reload} emptyText="文章不存在">
        {(article) => (
          <View className="card">
            <Text className="page-title">{article.title}</Text>
            <Text className="muted small">
              {articleKindLabels[article.kind]} · {formatDate(article.publishedAt)}
              {article.source?.outlet ? ` · 来源：${article.source.outlet}` : ''}
            </Text>
            {article.retraction ? (
              <Text className="warning">本文已撤回：{article.retraction.reason}</Text>
            ) : null}
            <RichText className="article-body" nodes={richTextHtml(article.bodyHtml)} />
            {article.mentionedCarriers.length ? (
              <View className="chips">
                {article.mentionedCarriers.map((carrier) => (
                  <Text
                    key={carrier.id}
                    className="chip"
                    {...pressable(`查看载体 ${carrier.name}`, () =>
                      Taro.navigateTo({ url: `/pages/carrier/index?id=${carrier.id}` }),
                    )}
                  >
                    {carrier.name}
                  </Text>
                ))}
              </View>
            ) : null}
          </View>
        )}
      </StateView>
    </View>
  );
}
