// MongoDB plumbing shared by every service and package, written once.
export { isDuplicateKey } from './duplicate-key.js';
export { prepareCollections, type PreparableModel } from './collections.js';
export { registeredModel } from './models.js';
export {
  inTransaction,
  isTransientTransactionError,
  TransactionBusyError,
  type TransactionOptions,
} from './transactions.js';
export {
  VersionedReadModel,
  type Applied,
  type VersionedChange,
  type VersionedCopy,
} from './versioned-read-model.js';
