import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { Carrier } from '../features/carrier/profile';
import { kindLabels } from '../features/labels';
import { attrs, labelled } from './a11y';

function Placeholder({ carrier, note }: { carrier: Carrier; note: string }) {
  return (
    <View className="photo-placeholder" {...labelled('img', `${carrier.name}：${note}`)}>
      <Text className="photo-placeholder-mark" aria-hidden="true">
        {carrier.name.slice(0, 1)}
      </Text>
      <Text className="small">
        {kindLabels[carrier.kind]} · {note}
      </Text>
    </View>
  );
}

/** The carrier's photos, each with its caption as alt text; a styled placeholder when there are
 * none or one fails to load (never a broken image). */
export function Photos({ carrier }: { carrier: Carrier }) {
  const [failed, setFailed] = useState<Record<string, boolean>>({});
  const images = carrier.images ?? [];
  if (!images.length) {
    return (
      <View className="photos">
        <Placeholder carrier={carrier} note="暂无照片" />
      </View>
    );
  }
  return (
    <View
      className={images.length > 1 ? 'photos photos-many' : 'photos'}
      {...labelled('region', `${carrier.name}的照片，可左右滑动`)}
      {...attrs({ tabIndex: 0 })}
    >
      {images.map((image, index) => {
        const alt = image.caption ?? `${carrier.name}照片${index + 1}`;
        return failed[image.url] ? (
          <Placeholder key={image.url} carrier={carrier} note="照片暂时无法显示" />
        ) : (
          <Image
            key={image.url}
            className="photo"
            src={image.url}
            mode="aspectFill"
            lazyLoad
            nativeProps={{ alt }}
            onError={() => setFailed((f) => ({ ...f, [image.url]: true }))}
          />
        );
      })}
    </View>
  );
}
