import { serialize } from 'bson';
import { toNumber, typeRank } from '../query/bson-order.js';

/**
 * A string that identifies an _id value: equal ids (by BSON comparison, so 1 and 1.0 too) give
 * equal keys. Used for the primary map, transaction overlays and write locks.
 */
export function documentKey(id: unknown): string {
  switch (typeRank(id)) {
    case 2:
      return 'null';
    case 3:
      return `n:${String(toNumber(id))}`;
    case 4:
      return `s:${id as string}`;
    case 8:
      return `o:${(id as { toHexString(): string }).toHexString()}`;
    case 10:
      return `d:${(id as Date).getTime()}`;
    default:
      return `b:${Buffer.from(serialize({ id })).toString('base64')}`;
  }
}
