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
export async function prepareCollections<Models extends { [K in keyof Models]: PreparableModel }>(
  models: Iterable<PreparableModel> | Models,
): Promise<void> {
  const list: PreparableModel[] =
    Symbol.iterator in models
      ? [...(models as Iterable<PreparableModel>)]
      : Object.values<PreparableModel>(models);
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
