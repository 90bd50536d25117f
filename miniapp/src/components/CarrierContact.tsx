import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { contactOf, mapPointOf, webMapUrl, type MapPoint } from '../features/carrier/contact';
import { locationLine, type Carrier } from '../features/carrier/profile';
import { Button } from './Button';

function call(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
}

/** WeChat's map; the H5 build outside WeChat has none, so AMap's web page (GCJ-02 as well). */
function showOnMap(point: MapPoint): void {
  Taro.openLocation({
    latitude: point.latitude,
    longitude: point.longitude,
    name: point.name,
    address: point.address,
    scale: point.approximate ? 12 : 16,
  }).catch(() => {
    if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined')
      window.open(webMapUrl(point), '_blank', 'noopener');
  });
}

/** The carrier's office, phone (a call), email and place (a map): on its page and once accepted. */
export function CarrierContact({ carrier, noPhone }: { carrier: Carrier; noPhone: string }) {
  const contact = contactOf(carrier);
  const point = mapPointOf(carrier);
  return (
    <>
      {contact?.office ? <Text>{contact.office}</Text> : null}
      {contact?.phone ? (
        <View className="contact-row">
          <Text>电话 {contact.phone}</Text>
          <Button
            className="btn btn-inline call"
            aria-label={`拨打${carrier.name}的电话 ${contact.phone}`}
            onClick={() => call(contact.phone!)}
          >
            拨打
          </Button>
        </View>
      ) : null}
      {contact?.email ? (
        <View className="contact-row">
          <Text>邮箱 {contact.email}</Text>
        </View>
      ) : null}
      {!contact?.phone ? <Text className="muted">{noPhone}</Text> : null}
      <View className="contact-row location">
        <View className="stack grow">
          <Text>{locationLine(carrier)}</Text>
          {point?.approximate ? (
            <Text className="muted small">地图位置为所在区县或城市的中心，仅供参考</Text>
          ) : null}
        </View>
        {point ? (
          <Button
            className="btn btn-inline open-map"
            aria-label={`在地图上查看${carrier.name}`}
            onClick={() => showOnMap(point)}
          >
            地图
          </Button>
        ) : null}
      </View>
    </>
  );
}
