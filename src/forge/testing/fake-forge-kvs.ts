// Test double for the @forge/kvs module (the platform's storage, an edge we do not own): the calls the app
// makes, over a Map, with values copied as the platform serialises them.
export function fakeForgeKvsModule() {
  const values = new Map<string, string>();
  const secrets = new Map<string, string>();
  const read = (map: Map<string, string>, key: string) => {
    const raw = map.get(key);
    return raw === undefined ? undefined : JSON.parse(raw);
  };
  const kvs = {
    get: async (key: string) => read(values, key),
    // FAIL_IF_EXISTS refuses as the sandbox's storage service does (409 KEY_ALREADY_EXISTS); TTLs are not kept.
    set: async (key: string, value: unknown, options?: { keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS' }) => {
      if (options?.keyPolicy === 'FAIL_IF_EXISTS' && values.has(key)) {
        throw Object.assign(new Error(`Key ${key} already exists`), {
          code: 'KEY_ALREADY_EXISTS',
          responseDetails: { status: 409 },
        });
      }
      values.set(key, JSON.stringify(value));
    },
    delete: async (key: string) => void values.delete(key),
    getSecret: async (key: string) => read(secrets, key),
    setSecret: async (key: string, value: unknown) => void secrets.set(key, JSON.stringify(value)),
    deleteSecret: async (key: string) => void secrets.delete(key),
    batchGet: async (items: { key: string }[]) => ({
      successfulKeys: items
        .filter(({ key }) => values.has(key))
        .map(({ key }) => ({ key, value: read(values, key) })),
      failedKeys: [],
    }),
    batchSet: async (items: { key: string; value: unknown }[]) => {
      for (const { key, value } of items) values.set(key, JSON.stringify(value));
      return { successfulKeys: items.map(({ key }) => ({ key })), failedKeys: [] };
    },
    batchDelete: async (items: { key: string }[]) => {
      for (const { key } of items) values.delete(key);
      return { successfulKeys: items.map(({ key }) => ({ key })), failedKeys: [] };
    },
    query: () => {
      let prefix = '';
      let limit = 10;
      let after: string | undefined;
      const builder = {
        where: (_property: 'key', condition: { value: string }) => ((prefix = condition.value), builder),
        limit: (n: number) => ((limit = n), builder),
        cursor: (cursor: string) => ((after = cursor), builder),
        getMany: async () => {
          const keys = [...values.keys()].filter((k) => k.startsWith(prefix) && (!after || k > after)).sort();
          const page = keys.slice(0, limit);
          return {
            results: page.map((key) => ({ key, value: read(values, key) })),
            ...(keys.length > limit ? { nextCursor: page[page.length - 1] } : {}),
          };
        },
      };
      return builder;
    },
  };
  return {
    kvs,
    default: kvs,
    WhereConditions: { beginsWith: (value: string) => ({ condition: 'BEGINS_WITH', value }) },
  };
}
