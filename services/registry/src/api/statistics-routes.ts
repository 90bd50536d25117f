import type { Router } from 'express';
import type { CarrierStatistics } from '../data-access/carrier-statistics.js';
import { recogniseProvince } from '../domain/provinces.js';
import type { CarrierKind, Level } from '../domain/vocabulary.js';
import { handle } from './carrier-routes.js';

export function mountStatisticsRoutes(
  router: Router,
  deps: { statistics: CarrierStatistics },
): void {
  router.get(
    '/statistics',
    handle(async (req, res) => {
      const province = typeof req.query.province === 'string' ? req.query.province : undefined;
      const official = province ? recogniseProvince(province) : undefined;
      if (province && !official) {
        res.json({ total: 0, items: [] });
        return;
      }
      res.json(
        await deps.statistics.countBy({
          ...(official && { province: official }),
          ...(typeof req.query.kind === 'string' && { kind: req.query.kind as CarrierKind }),
          ...(typeof req.query.level === 'string' && { level: req.query.level as Level }),
        }),
      );
    }),
  );
}
