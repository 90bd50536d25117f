import type { EventBackbone } from '@shuangchuang/event-backbone';
import type { Connection } from 'mongoose';
import type { Audiences } from '../data-access/audiences.js';
import type { AuthorisationLedger } from '../data-access/authorisation-ledger.js';
import type { CarrierReadModel } from '../data-access/carrier-read-model.js';
import type { DeliveryStore } from '../data-access/delivery-store.js';
import type { DigestStore } from '../data-access/digest-store.js';
import type { InboxStore } from '../data-access/inbox-store.js';
import type { NotificationModels } from '../data-access/models.js';
import type { PreferenceStore } from '../data-access/preference-store.js';
import type { NotificationEventTypes } from '../events/outgoing/event-types.js';

/** What the workflows work with: the stores, the outbox and the clock. */
export interface NotificationContext {
  connection: Connection;
  models: NotificationModels;
  carriers: CarrierReadModel;
  audiences: Audiences;
  inbox: InboxStore;
  preferences: PreferenceStore;
  ledger: AuthorisationLedger;
  deliveries: DeliveryStore;
  digests: DigestStore;
  outbox: EventBackbone<NotificationEventTypes>['outbox'];
  /** controllable in tests (quiet hours, digest times) */
  now: () => Date;
}
