// Carrier: the profile as the page shows it, its news, and following.
import type {
  NewsFeedApi,
  NewsFeedClient,
  NotificationClient,
  RegistryApi,
  RegistryClient,
} from '@shuangchuang/contracts';
import { unwrap, ApiError } from '../../services/problem';
import type { IntakeClient } from '@shuangchuang/contracts';
import { levelLabels, serviceGroupLabels, serviceLabels, type ServiceCode } from '../labels';
import { loadIntakePolicy, type IntakePolicy } from './rules';

export type Carrier = RegistryApi.components['schemas']['Carrier'];
export type Honor = RegistryApi.components['schemas']['Honor'];
export type ArticleSummary = NewsFeedApi.components['schemas']['ArticleSummary'];

export interface CarrierProfile {
  carrier: Carrier;
  news: ArticleSummary[];
  following: boolean | null;
  /** the admission policy in force; null when application-intake does not answer */
  policy: IntakePolicy | null;
}

/** 国家级 · 科技部 · 国科发区〔2020〕73号 · 第三批 · 2021年 */
export function honorLine(honor: Honor): string {
  return [
    levelLabels[honor.level],
    honor.issuer,
    honor.documentNumber,
    honor.batch,
    honor.year ? `${honor.year}年` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function serviceSections(carrier: Carrier): { title: string; items: string[] }[] {
  const groups = carrier.services ?? {};
  return (Object.keys(serviceGroupLabels) as (keyof typeof serviceGroupLabels)[])
    .map((group) => ({
      title: serviceGroupLabels[group],
      items: ((groups[group] ?? []) as ServiceCode[]).map((code) => serviceLabels[code] ?? code),
    }))
    .filter((section) => section.items.length > 0);
}

const statisticLabels: Record<keyof NonNullable<Carrier['statistics']>, [string, string]> = {
  areaSquareMeters: ['场地面积', '平方米'],
  residentCompanies: ['在孵企业', '家'],
  cumulativeIncubated: ['累计孵化', '家'],
  graduatedCompanies: ['毕业企业', '家'],
  jobsCreated: ['带动就业', '人'],
  mentors: ['创业导师', '位'],
};

export function statisticRows(carrier: Carrier): { label: string; value: string }[] {
  const statistics = carrier.statistics ?? {};
  return (Object.keys(statisticLabels) as (keyof typeof statisticLabels)[])
    .filter((key) => typeof statistics[key] === 'number')
    .map((key) => ({
      label: statisticLabels[key][0],
      value: `${statistics[key]!.toLocaleString('zh-CN')}${statisticLabels[key][1]}`,
    }));
}

export function locationLine(carrier: Pick<Carrier, 'location'>): string {
  const { province, city, district, address } = carrier.location;
  return [province, city, district, address].filter(Boolean).join('');
}

/** The carrier, its news and (when logged in) whether the founder follows it. */
export async function loadCarrierProfile(
  clients: {
    registry: RegistryClient;
    newsFeed: NewsFeedClient;
    notification: NotificationClient;
    intake: IntakeClient;
  },
  carrierId: string,
  loggedIn: boolean,
): Promise<CarrierProfile> {
  const [carrier, news, following, policy] = await Promise.all([
    unwrap(clients.registry.GET('/carriers/{carrierId}', { params: { path: { carrierId } } })),
    // The news of a carrier is secondary: the profile shows without it when news-feed fails.
    unwrap(clients.newsFeed.GET('/articles', { params: { query: { carrierId, limit: 5 } } }))
      .then((page) => page.items)
      .catch(() => [] as ArticleSummary[]),
    loggedIn ? isFollowing(clients.notification, carrierId) : Promise.resolve(null),
    loadIntakePolicy(clients.intake, carrierId),
  ]);
  return { carrier, news, following, policy };
}

export async function isFollowing(
  notification: NotificationClient,
  carrierId: string,
): Promise<boolean> {
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const result = await unwrap(
      notification.GET('/follows', {
        params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    );
    if (result.items.some((follow) => follow.carrierId === carrierId)) return true;
    if (!result.nextCursor) return false;
    cursor = result.nextCursor;
  }
  return false;
}

export async function setFollowing(
  notification: NotificationClient,
  carrierId: string,
  follow: boolean,
): Promise<boolean> {
  const params = { params: { path: { carrierId } } };
  if (follow) {
    await unwrap(notification.PUT('/follows/{carrierId}', params));
  } else {
    try {
      await unwrap(notification.DELETE('/follows/{carrierId}', params));
    } catch (error) {
      // Already not followed: the wanted state holds.
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
  }
  return follow;
}
