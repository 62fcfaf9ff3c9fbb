// Test helper: the Error a promise rejects with, for tests that check several of its properties.
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome: unknown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome instanceof Error) return outcome;
  throw new Error('expected the promise to reject with an Error');
}
