import { Input, Picker, Text, View } from '@tarojs/components';
import { Button } from '../../components/Button';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import { CarrierCard } from '../../components/CarrierCard';
import { FilterPicker } from '../../components/FilterPicker';
import { StateView } from '../../components/StateView';
import { attrs, labelled, nativeLabel, pressable } from '../../components/a11y';
import {
  nearbyCities,
  spellingSuggestions,
  type NearbyCity,
} from '../../features/discover/no-result';
import {
  activeFilterCount,
  currentValue,
  emptyFilters,
  filtersFromParams,
  filtersToParams,
  isFirstScreen,
  noFacetOptions,
  pick,
  pickerOptions,
  rememberFacets,
  searchCarriers,
  toQueryString,
  type CarrierSearchPage,
  type FacetField,
  type FacetOptions,
  type SearchFilters,
} from '../../features/discover/search';
import { cityChoices, provinceNames, provinceOfCity } from '../../features/location/city-picker';
import {
  LocationError,
  locateInBrowser,
  locateInWeapp,
  locationFailureMessages,
} from '../../features/location/locate';
import { useRemote } from '../../features/remote';
import { api } from '../../services/api';
import { errorMessage } from '../../services/problem';

const FILTERS: { field: FacetField; label: string }[] = [
  { field: 'province', label: '省份' },
  { field: 'city', label: '城市' },
  { field: 'kind', label: '类型' },
  { field: 'level', label: '级别' },
  { field: 'industry', label: '行业' },
  { field: 'service', label: '服务' },
];

function decoded(params: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(params)) {
    try {
      out[key] = value === undefined ? undefined : decodeURIComponent(value);
    } catch {
      out[key] = value;
    }
  }
  return out;
}

/** H5: the filters in the address bar (replaced, not pushed: the back button leaves the page). */
function reflectInUrl(filters: SearchFilters): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return;
  const query = toQueryString(filtersToParams(filters));
  const hash = `#/pages/discover/index${query ? `?${query}` : ''}`;
  if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
}

function locate() {
  return process.env.TARO_ENV === 'h5'
    ? locateInBrowser(typeof navigator === 'undefined' ? undefined : navigator.geolocation)
    : locateInWeapp((options) => Taro.getLocation(options));
}

export default function DiscoverPage() {
  const router = useRouter();
  const initial = useMemo(() => filtersFromParams(decoded(router.params)), []);
  const [text, setText] = useState(initial.text);
  const [filters, setFilters] = useState<SearchFilters>(initial);
  const [showFilters, setShowFilters] = useState(false);
  const [facets, setFacets] = useState<FacetOptions>(noFacetOptions);
  const [more, setMore] = useState<CarrierSearchPage | null>(null);
  const [locating, setLocating] = useState(false);
  const [locationNote, setLocationNote] = useState<string | null>(null);
  const [showCityPicker, setShowCityPicker] = useState(false);
  const [pickProvince, setPickProvince] = useState('');
  const [nearby, setNearby] = useState<NearbyCity[]>([]);
  const typed = useRef(false);

  // Search as the user types, a moment after the last key.
  useEffect(() => {
    if (!typed.current) return;
    const timer = setTimeout(() => setFilters((f) => ({ ...f, text })), 300);
    return () => clearTimeout(timer);
  }, [text]);

  useEffect(() => reflectInUrl(filters), [filters]);
  useShareAppMessage(() => ({
    title: '找孵化载体 · 双创孵化',
    path: `/pages/discover/index?${toQueryString(filtersToParams(filters))}`,
  }));

  const { state, reload } = useRemote(
    async () => {
      setMore(null);
      setNearby([]);
      const page = await searchCarriers(api.registry, filters);
      setFacets((previous) => rememberFacets(previous, page.facets, filters));
      if (page.items.length === 0 && filters.city) void suggestNearbyCities(filters);
      return page;
    },
    [filters],
    (page) => page.items.length === 0,
  );

  async function suggestNearbyCities(current: SearchFilters) {
    try {
      const wider = await searchCarriers(api.registry, { ...current, province: '', city: '' });
      setNearby(nearbyCities(current.city, current.province, wider.facets.city ?? []));
    } catch {
      setNearby([]);
    }
  }

  const update = (patch: Partial<SearchFilters>) => setFilters((f) => ({ ...f, ...patch }));

  function clearAll() {
    typed.current = false;
    setText('');
    setFilters(emptyFilters);
    setLocationNote(null);
    setShowCityPicker(false);
  }

  function searchFor(value: string) {
    typed.current = false;
    setText(value);
    update({ text: value });
  }

  function goToCity(city: string) {
    update({ city, province: provinceOfCity(city) || filters.province });
  }

  async function sortByDistance() {
    if (filters.near) {
      update({ near: null });
      return;
    }
    setLocating(true);
    try {
      const point = await locate();
      setLocationNote(null);
      setShowCityPicker(false);
      update({ near: { longitude: point.lng, latitude: point.lat, label: '我的位置' } });
    } catch (error) {
      const reason = error instanceof LocationError ? error.reason : 'unavailable';
      setLocationNote(locationFailureMessages[reason]);
      setShowCityPicker(true);
    } finally {
      setLocating(false);
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
  const provinces = provinceNames();
  const cities = pickProvince ? cityChoices(pickProvince) : [];

  const acceptingOptions = [
    { value: '', label: '不限' },
    {
      value: 'true',
      label: '只看接受申请',
      ...(facets.acceptingCount !== null && { count: facets.acceptingCount }),
    },
  ];

  return (
    <View className="page discover">
      <View className="search-bar" role="search" aria-label="搜索载体">
        <Input
          className="search-input"
          type="text"
          placeholder="搜索载体：中文、拼音或首字母"
          value={text}
          maxlength={100}
          confirmType="search"
          nativeProps={nativeLabel('搜索载体名称、地区或领域')}
          onInput={(event) => {
            typed.current = true;
            setText(event.detail.value);
          }}
          onConfirm={() => update({ text })}
        />
      </View>
      <View className="row toolbar">
        <Button
          className={
            filterCount
              ? 'btn btn-inline btn-active toggle-filters'
              : 'btn btn-inline toggle-filters'
          }
          aria-expanded={showFilters ? 'true' : 'false'}
          onClick={() => setShowFilters(!showFilters)}
        >
          筛选{filterCount ? `（${filterCount}）` : ''}
        </Button>
        <Button
          className={filters.near ? 'btn btn-inline btn-active nearby' : 'btn btn-inline nearby'}
          loading={locating}
          aria-pressed={filters.near ? 'true' : 'false'}
          onClick={sortByDistance}
        >
          {filters.near ? `按距离：${filters.near.label} ✕` : '附近的载体'}
        </Button>
        <Button
          className="btn btn-inline pick-city"
          onClick={() => setShowCityPicker(!showCityPicker)}
        >
          选择城市
        </Button>
        {filterCount || filters.text || filters.near ? (
          <Button className="btn btn-inline btn-link clear-all" onClick={clearAll}>
            清除全部
          </Button>
        ) : null}
      </View>

      {locationNote ? (
        <View className="card location-note" role="alert">
          <Text className="warning">{locationNote}</Text>
        </View>
      ) : null}

      {showCityPicker ? (
        <View className="card city-picker" {...labelled('region', '按城市中心的距离排序')}>
          <Text className="section-title">选择所在城市</Text>
          <Picker
            mode="selector"
            range={provinces}
            value={Math.max(0, provinces.indexOf(pickProvince))}
            onChange={(event) => setPickProvince(provinces[Number(event.detail.value)] ?? '')}
          >
            <View
              className="filter-row pick-province"
              {...attrs({
                role: 'button',
                'aria-label': `省份：${pickProvince || '请选择'}`,
                tabIndex: 0,
              })}
            >
              <Text className="filter-label" aria-hidden="true">
                省份
              </Text>
              <Text className="filter-value" aria-hidden="true">
                {pickProvince || '请选择'} ›
              </Text>
            </View>
          </Picker>
          {cities.length ? (
            <View className="chips city-choices" {...labelled('group', `${pickProvince}的城市`)}>
              {cities.map((choice) => (
                <Text
                  key={choice.city}
                  className="chip"
                  {...pressable(`按到${choice.city}中心的距离排序`, () => {
                    setShowCityPicker(false);
                    setLocationNote(null);
                    update({
                      near: { longitude: choice.lng, latitude: choice.lat, label: choice.city },
                    });
                  })}
                >
                  {choice.city}
                </Text>
              ))}
            </View>
          ) : null}
        </View>
      ) : null}

      {showFilters ? (
        <View className="filters card" {...labelled('region', '筛选条件')}>
          {FILTERS.map(({ field, label }) => (
            <FilterPicker
              key={field}
              name={field}
              label={label}
              value={currentValue(filters, field)}
              options={pickerOptions(facets, field, currentValue(filters, field))}
              disabled={field === 'city' && !filters.province && !filters.city}
              disabledText="请先选择省份"
              onChange={(value) => update(pick(field, value))}
            />
          ))}
          <FilterPicker
            name="accepting"
            label="受理状态"
            value={filters.acceptingOnly ? 'true' : ''}
            options={acceptingOptions}
            onChange={(value) => update({ acceptingOnly: value === 'true' })}
          />
          <View className="actions">
            <Button className="btn clear-filters" onClick={clearAll}>
              清除全部条件
            </Button>
            <Button className="btn btn-primary" onClick={() => setShowFilters(false)}>
              完成
            </Button>
          </View>
        </View>
      ) : null}

      {isFirstScreen(filters) && (facets.city.length || facets.industry.length) ? (
        <View className="card entries" {...labelled('region', '快速查找')}>
          <Text className="entry-title">按城市找</Text>
          <View className="chips city-entries">
            {facets.city.slice(0, 8).map((facet) => (
              <Text
                key={facet.value}
                className="chip"
                {...pressable(`${facet.value}，${facet.count}家`, () => goToCity(facet.value))}
              >
                {facet.value}
              </Text>
            ))}
          </View>
          <Text className="entry-title">按领域找</Text>
          <View className="chips industry-entries">
            {facets.industry.slice(0, 8).map((facet) => (
              <Text
                key={facet.value}
                className="chip"
                {...pressable(`${facet.value}，${facet.count}家`, () =>
                  update({ industry: facet.value }),
                )}
              >
                {facet.value}
              </Text>
            ))}
          </View>
        </View>
      ) : null}

      <StateView
        state={state}
        onRetry={reload}
        emptyText="没有找到符合条件的载体"
        renderEmpty={() => (
          <NoResult
            filters={filters}
            nearby={nearby}
            onSearch={searchFor}
            onCity={(city) => update({ city: city.city, province: city.province })}
            onClear={clearAll}
          />
        )}
      >
        {(page) => {
          const shown = more ?? page;
          const total = (page.facets.accepting ?? []).reduce((sum, f) => sum + f.count, 0);
          return (
            <View className="results" {...labelled('region', '搜索结果')}>
              <Text className="muted result-count" {...attrs({ role: 'status' })}>
                共 {total} 家{isFirstScreen(filters) ? '，接受申请的排在前面' : ''}
                {filters.near ? `，按到${filters.near.label}的距离排序` : ''}
              </Text>
              {shown.items.map((carrier) => (
                <CarrierCard key={carrier.id} carrier={carrier} onOpen={() => open(carrier.id)} />
              ))}
              {shown.nextCursor ? (
                <Button className="btn load-more" onClick={() => loadMore(page)}>
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

function NoResult({
  filters,
  nearby,
  onSearch,
  onCity,
  onClear,
}: {
  filters: SearchFilters;
  nearby: NearbyCity[];
  onSearch: (text: string) => void;
  onCity: (city: NearbyCity) => void;
  onClear: () => void;
}) {
  const spellings = spellingSuggestions(filters.text);
  return (
    <View className="card no-result" role="status">
      <Text className="no-result-title">
        {filters.text ? `没有找到与“${filters.text}”相关的载体` : '没有找到符合条件的载体'}
      </Text>
      {spellings.length ? (
        <View className="stack">
          <Text className="muted">试试拼音或首字母：</Text>
          <View className="chips spelling-suggestions">
            {spellings.map((spelling) => (
              <Text
                key={spelling}
                className="chip"
                {...pressable(`搜索 ${spelling}`, () => onSearch(spelling))}
              >
                {spelling}
              </Text>
            ))}
          </View>
        </View>
      ) : filters.text ? (
        <Text className="muted">
          试试更短的名称、地区名或领域，如“德州”“智能制造”；拼音和首字母也可以。
        </Text>
      ) : null}
      {nearby.length ? (
        <View className="stack">
          <Text className="muted">{filters.city}附近有载体的城市：</Text>
          <View className="chips nearby-cities">
            {nearby.map((city) => (
              <Text
                key={city.city}
                className="chip"
                {...pressable(
                  `${city.city}，${city.count}家，约${Math.round(city.meters / 1000)}公里`,
                  () => onCity(city),
                )}
              >
                {city.city}（{city.count}）· {Math.round(city.meters / 1000)}公里
              </Text>
            ))}
          </View>
        </View>
      ) : null}
      {activeFilterCount(filters) || filters.near ? (
        <Button className="btn clear-all" onClick={onClear}>
          清除全部条件
        </Button>
      ) : null}
    </View>
  );
}
