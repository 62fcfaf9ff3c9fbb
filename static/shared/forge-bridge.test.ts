import { getViewContext, invokeResolver, isInForge, OutsideForgeError } from './forge-bridge';

type HostGlobal = typeof globalThis & { __bridge?: { callBridge?: unknown } };

describe('the lazy @forge/bridge door', () => {
  afterEach(() => {
    delete (globalThis as HostGlobal).__bridge;
  });

  it('outside Forge, says so and never loads @forge/bridge (which would throw while loading)', async () => {
    expect(isInForge()).toBe(false);
    await expect(invokeResolver('getConnection')).rejects.toBeInstanceOf(OutsideForgeError);
    await expect(getViewContext()).rejects.toBeInstanceOf(OutsideForgeError);
  });

  it("inside a Forge host, the real @forge/bridge carries invoke and getContext to the host's callBridge", async () => {
    const calls: Array<[string, unknown]> = [];
    (globalThis as HostGlobal).__bridge = {
      callBridge: async (name: string, args: unknown) => {
        calls.push([name, args]);
        if (name === 'getContext')
          return { extension: { type: 'compass:componentPage', componentId: 'c-1' } };
        return { ok: true, value: { state: 'idle' } };
      },
    };
    expect(isInForge()).toBe(true);

    await expect(invokeResolver('getImportStatus', { verbose: true })).resolves.toEqual({
      ok: true,
      value: { state: 'idle' },
    });
    await expect(getViewContext()).resolves.toMatchObject({ extension: { componentId: 'c-1' } });

    expect(calls[0]).toEqual([
      'invoke',
      expect.objectContaining({ functionKey: 'getImportStatus', payload: { verbose: true } }),
    ]);
    expect(calls[1]?.[0]).toBe('getContext');
  });
});
