/** What prepareCollections needs of a mongoose model (any schema, any document type). */
export interface PreparableModel {
  createCollection(): Promise<unknown>;
  createIndexes(): Promise<unknown>;
}

/** MongoDB's error code for "the collection already exists". */
const NAMESPACE_EXISTS = 48;

/**
 * Creates each model's collection and its schema's indexes, once at start-up: a collection cannot
 * be created inside a transaction, so it must exist before the first one writes to it. Only
 * "already exists" is expected; any other failure (a conflicting index, an unreachable server)
 * stops the start-up with its own error.
 */
export async function prepareCollections(
  models: Iterable<PreparableModel> | Record<string, PreparableModel>,
): Promise<void> {
  const list = Symbol.iterator in models ? [...models] : Object.values(models);
  for (const model of list) {
    try {
      await model.createCollection();
    } catch (error) {
      const { code, codeName } = error as { code?: unknown; codeName?: unknown };
      if (code !== NAMESPACE_EXISTS && codeName !== 'NamespaceExists') throw error;
    }
    await model.createIndexes();
  }
}
