describe('launchChromium', () => {
  const original = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (original === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = original;
  });

  it('fails, naming the install script, when there is no Chromium (a missing browser is never a skip)', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    await jest.isolateModulesAsync(async () => {
      const { launchChromium, ChromiumMissingError } = await import('./chromium');
      const launch = launchChromium();
      await expect(launch).rejects.toBeInstanceOf(ChromiumMissingError);
      await expect(launch).rejects.toThrow(/scripts\/ensure-chromium\.sh/);
    });
  });
});
