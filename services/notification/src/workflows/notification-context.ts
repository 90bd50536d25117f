import type { EventBackbone } from '@shuangchuang/event-backbone';
import type { Idempotency } from '@shuangchuang/service-kit';
import type { Connection } from 'mongoose';
import type { Audiences } from '../data-access/audiences.js';
import type { AuthorisationLedger } from '../data-access/authorisation-ledger.js';
import type { CarrierReadModel } from '../data-access/carrier-read-model.js';
import type { DeliveryStore } from '../data-access/delivery-store.js';
import type { DigestStore } from '../data-access/digest-store.js';
import type { FanOutStore } from '../data-access/fan-out-store.js';
import type { InboxStore } from '../data-access/inbox-store.js';
import type { PreferenceStore } from '../data-access/preference-store.js';
import type { NotificationEventMap } from '../events/outgoing/event-types.js';

/** What the workflows work with: the stores, the outbox, the Idempotency-Key mechanism and the clock. */
export interface NotificationContext {
  connection: Connection;
  carriers: CarrierReadModel;
  audiences: Audiences;
  inbox: InboxStore;
  preferences: PreferenceStore;
  ledger: AuthorisationLedger;
  deliveries: DeliveryStore;
  digests: DigestStore;
  fanOutJobs: FanOutStore;
  outbox: EventBackbone<NotificationEventMap>['outbox'];
  idempotency: Idempotency;
  /** followers told per transaction (the event's own, or a fan-out job's chunk) */
  fanOut: { chunkSize: number };
  /** WeChat template id per notice template */
  wechatTemplates: Record<string, string>;
  /** controllable in tests (quiet hours, digest times) */
  now: () => Date;
}
