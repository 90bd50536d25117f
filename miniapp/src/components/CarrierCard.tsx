import { Text, View } from '@tarojs/components';
import type { CarrierSummary } from '../features/discover/search';
import { formatDistance } from '../features/discover/search';
import { kindLabels, levelLabels } from '../features/labels';
import { decorative, pressable } from './a11y';

/** What a screen reader says for a card: name, kind, whether it takes applications, distance. */
export function cardLabel(carrier: CarrierSummary): string {
  const distance = formatDistance(
    carrier.distanceMeters,
    carrier.location.coordinates?.approximate === true,
  );
  return [
    carrier.name,
    kindLabels[carrier.kind],
    carrier.level ? levelLabels[carrier.level] : '',
    carrier.accepting ? '接受申请' : '暂停受理',
    distance ? `距离${distance}` : '',
  ]
    .filter(Boolean)
    .join('，');
}

export function CarrierCard({ carrier, onOpen }: { carrier: CarrierSummary; onOpen: () => void }) {
  const distance = formatDistance(
    carrier.distanceMeters,
    carrier.location.coordinates?.approximate === true,
  );
  return (
    <View
      className="card card-button carrier-card"
      data-summary={cardLabel(carrier)}
      {...pressable(undefined, onOpen)}
    >
      <View className="row between">
        <Text className="card-title grow">{carrier.name}</Text>
        {distance ? <Text className="muted distance">{distance}</Text> : null}
      </View>
      <View className="row tags" {...decorative}>
        <Text className="tag">{kindLabels[carrier.kind]}</Text>
        {carrier.level ? <Text className="tag">{levelLabels[carrier.level]}</Text> : null}
        <Text className={carrier.accepting ? 'tag tag-ok' : 'tag tag-off'}>
          {carrier.accepting ? '接受申请' : '暂停受理'}
        </Text>
      </View>
      <Text className="muted card-place">
        {[carrier.location.province, carrier.location.city].filter(Boolean).join(' ')}
        {carrier.operator ? ` · ${carrier.operator.name}` : ''}
      </Text>
      {carrier.honorTitles.length ? (
        <View className="honors">
          {carrier.honorTitles.slice(0, 2).map((title) => (
            <Text key={title} className="honor">
              {title}
            </Text>
          ))}
          {carrier.honorTitles.length > 2 ? (
            <Text className="muted small">等{carrier.honorTitles.length}项荣誉</Text>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
