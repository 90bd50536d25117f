import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { CarrierCard } from '../../components/CarrierCard';
import { StateView } from '../../components/StateView';
import {
  activeFilterCount,
  emptyFilters,
  searchCarriers,
  toggle,
  type CarrierSearchPage,
  type SearchFilters,
} from '../../features/discover/search';
import { entries, kindLabels, levelLabels, serviceLabels } from '../../features/labels';
import { useRemote } from '../../features/remote';
import { api } from '../../services/api';
import { errorMessage } from '../../services/problem';

const kinds = entries(kindLabels);
const levels = entries(levelLabels);
const services = [{ value: '', label: '不限' }, ...entries(serviceLabels)];

export default function DiscoverPage() {
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<SearchFilters>(emptyFilters);
  const [showFilters, setShowFilters] = useState(false);
  const [more, setMore] = useState<CarrierSearchPage | null>(null);

  // Search as the user types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => ({ ...f, text })), 300);
    return () => clearTimeout(timer);
  }, [text]);

  const { state, reload } = useRemote(
    () => {
      setMore(null);
      return searchCarriers(api.registry, filters);
    },
    [filters],
    (page) => page.items.length === 0,
  );

  const update = (patch: Partial<SearchFilters>) => setFilters((f) => ({ ...f, ...patch }));

  async function sortByDistance() {
    if (filters.near) return update({ near: null });
    try {
      const location = await Taro.getLocation({ type: 'gcj02' });
      update({ near: { longitude: location.longitude, latitude: location.latitude } });
    } catch {
      void Taro.showToast({ title: '未获得位置授权，按相关度排序', icon: 'none' });
    }
  }

  async function loadMore(page: CarrierSearchPage) {
    const last = more ?? page;
    if (!last.nextCursor) return;
    try {
      const next = await searchCarriers(api.registry, filters, last.nextCursor);
      setMore({ ...next, items: [...(more ?? page).items, ...next.items] });
    } catch (error) {
      void Taro.showToast({ title: errorMessage(error), icon: 'none' });
    }
  }

  const open = (id: string) => Taro.navigateTo({ url: `/pages/carrier/index?id=${id}` });
  const filterCount = activeFilterCount(filters);

  return (
    <View className="page discover">
      <View className="search-bar">
        <Input
          className="search-input"
          type="text"
          placeholder="搜索载体：中文、拼音或首字母"
          value={text}
          maxlength={100}
          confirmType="search"
          onInput={(event) => setText(event.detail.value)}
          onConfirm={() => update({ text })}
        />
      </View>
      <View className="row toolbar">
        <Button className="btn btn-small" size="mini" onClick={() => setShowFilters(!showFilters)}>
          筛选{filterCount ? `(${filterCount})` : ''}
        </Button>
        <Button
          className={filters.near ? 'btn btn-small btn-active' : 'btn btn-small'}
          size="mini"
          onClick={sortByDistance}
        >
          {filters.near ? '按距离排序 ✓' : '按距离排序'}
        </Button>
      </View>
      {showFilters ? (
        <View className="filters card">
          <Text className="section-title">类型</Text>
          <View className="chips">
            {kinds.map((kind) => (
              <Text
                key={kind.value}
                className={filters.kinds.includes(kind.value) ? 'chip chip-on' : 'chip'}
                onClick={() => update({ kinds: toggle(filters.kinds, kind.value) })}
              >
                {kind.label}
              </Text>
            ))}
          </View>
          <Text className="section-title">级别</Text>
          <View className="chips">
            {levels.map((level) => (
              <Text
                key={level.value}
                className={filters.levels.includes(level.value) ? 'chip chip-on' : 'chip'}
                onClick={() => update({ levels: toggle(filters.levels, level.value) })}
              >
                {level.label}
              </Text>
            ))}
          </View>
          <Text className="section-title">地区（省份）</Text>
          <Input
            className="input"
            placeholder="如：山东省"
            value={filters.province}
            maxlength={20}
            onBlur={(event) => update({ province: event.detail.value })}
          />
          <Text className="section-title">行业</Text>
          <Input
            className="input"
            placeholder="如：智能制造"
            value={filters.industry}
            maxlength={50}
            onBlur={(event) => update({ industry: event.detail.value })}
          />
          <Text className="section-title">服务</Text>
          <Picker
            mode="selector"
            range={services.map((s) => s.label)}
            value={Math.max(
              0,
              services.findIndex((s) => s.value === filters.service),
            )}
            onChange={(event) => update({ service: services[Number(event.detail.value)]!.value })}
          >
            <View className="input">
              {services.find((s) => s.value === filters.service)?.label ?? '不限'}
            </View>
          </Picker>
          <View className="row between">
            <Text>只看接受申请的载体</Text>
            <Switch
              checked={filters.acceptingOnly}
              onChange={(event) => update({ acceptingOnly: event.detail.value })}
            />
          </View>
          <Button className="btn" size="mini" onClick={() => setFilters({ ...emptyFilters, text })}>
            清除筛选
          </Button>
        </View>
      ) : null}
      <StateView state={state} onRetry={reload} emptyText="没有找到符合条件的载体">
        {(page) => {
          const shown = more ?? page;
          return (
            <View className="results">
              {shown.items.map((carrier) => (
                <CarrierCard key={carrier.id} carrier={carrier} onOpen={() => open(carrier.id)} />
              ))}
              {shown.nextCursor ? (
                <Button className="btn" onClick={() => loadMore(page)}>
                  加载更多
                </Button>
              ) : null}
            </View>
          );
        }}
      </StateView>
    </View>
  );
}
