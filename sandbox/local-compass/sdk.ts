// The real @atlassian/forge-graphql SDK wired to a local Compass (for tests and tooling, never for the app).
import { Api } from '@atlassian/forge-graphql/dist/src/api';
import type { LocalCompass } from './local-compass';

/** `new Api(fetchApi)` with the local Compass standing in for @forge/api. */
export function createSdkApi(localCompass: LocalCompass): Api {
  // The SDK types its argument as @forge/api's FetchAPI; the local Compass provides the part the SDK uses.
  return new Api(localCompass.fetchApi() as unknown as ConstructorParameters<typeof Api>[0]);
}
