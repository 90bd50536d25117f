import type { Model } from 'mongoose';
import type { CarrierKind, Level } from '../domain/vocabulary.js';
import type { CarrierDocument, RegistryModels } from './models.js';

export interface StatisticsRow {
  province: string;
  kind: CarrierKind;
  level: Level;
  count: number;
}

/** Counts of active carriers per (province, kind, level), e.g. national incubators in 甘肃省. */
export class CarrierStatistics {
  private readonly carriers: Model<CarrierDocument>;

  constructor(models: RegistryModels) {
    this.carriers = models.carriers;
  }

  async countBy(filter: {
    province?: string;
    kind?: CarrierKind;
    level?: Level;
  }): Promise<{ total: number; items: StatisticsRow[] }> {
    const match: Record<string, unknown> = { status: 'active', level: { $exists: true } };
    if (filter.province) match['location.province'] = filter.province;
    if (filter.kind) match.kind = filter.kind;
    if (filter.level) match.level = filter.level;
    const groups = await this.carriers.aggregate<{
      _id: { province: string; kind: CarrierKind; level: Level };
      count: number;
    }>([
      { $match: match },
      {
        $group: {
          _id: { province: '$location.province', kind: '$kind', level: '$level' },
          count: { $sum: 1 },
        },
      },
    ]);
    const items = groups
      .map(({ _id, count }) => ({ ..._id, count }))
      .sort(
        (a, b) =>
          a.province.localeCompare(b.province) ||
          a.kind.localeCompare(b.kind) ||
          a.level.localeCompare(b.level),
      );
    return { total: items.reduce((sum, row) => sum + row.count, 0), items };
  }
}
