import type { RegistryFact } from '../../domain/registry-changes.js';
import { incubatorCreated } from './incubator-created.js';
import { incubatorHonorAwarded } from './incubator-honor-awarded.js';
import { incubatorRetired } from './incubator-retired.js';
import { incubatorUpdated } from './incubator-updated.js';
import type { NewEventOfRegistry } from './event-types.js';

/** The event registry.incubator.v1 carries for each fact a use case produced. */
export function eventOfFact(fact: RegistryFact): NewEventOfRegistry {
  switch (fact.type) {
    case 'created':
      return incubatorCreated(fact.carrier);
    case 'updated':
      return incubatorUpdated(fact.carrier);
    case 'honor-awarded':
      return incubatorHonorAwarded(fact.carrier, fact.honor);
    case 'retired':
      return incubatorRetired(fact.carrier, fact.reason);
  }
}
