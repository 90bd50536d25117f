import { Text, View } from '@tarojs/components';
import type { CarrierSummary } from '../features/discover/search';
import { formatDistance } from '../features/discover/search';
import { kindLabels, levelLabels } from '../features/labels';

export function CarrierCard({ carrier, onOpen }: { carrier: CarrierSummary; onOpen: () => void }) {
  const distance = formatDistance(carrier.distanceMeters);
  return (
    <View className="card carrier-card" onClick={onOpen}>
      <View className="row between">
        <Text className="card-title">{carrier.name}</Text>
        {distance ? <Text className="muted">{distance}</Text> : null}
      </View>
      <View className="row tags">
        <Text className="tag">{kindLabels[carrier.kind]}</Text>
        {carrier.level ? <Text className="tag">{levelLabels[carrier.level]}</Text> : null}
        <Text className={carrier.accepting ? 'tag tag-ok' : 'tag tag-off'}>
          {carrier.accepting ? '接受申请' : '暂停受理'}
        </Text>
      </View>
      <Text className="muted">
        {[carrier.location.province, carrier.location.city].filter(Boolean).join(' ')}
        {carrier.operator ? ` · ${carrier.operator.name}` : ''}
      </Text>
      {carrier.honorTitles.length ? (
        <View className="honors">
          {carrier.honorTitles.slice(0, 3).map((title) => (
            <Text key={title} className="honor">
              🏅 {title}
            </Text>
          ))}
          {carrier.honorTitles.length > 3 ? (
            <Text className="muted">等{carrier.honorTitles.length}项荣誉</Text>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
