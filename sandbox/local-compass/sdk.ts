// The real @atlassian/forge-graphql SDK wired to a local Compass (for tests and tooling, never for the app).
import graphqlGateway from '@atlassian/forge-graphql';
import type { LocalCompass } from './local-compass';

/** The SDK's `Api`: what its entry point exports, as an instance wired to @forge/api. */
export type SdkApi = typeof graphqlGateway;

// The entry point exports the class only through that instance; a second instance is the class called again
// with another FetchAPI, as the SDK's own constructor allows.
const SdkApiClass = graphqlGateway.constructor as new (fetchApi: unknown) => SdkApi;

/** `new Api(fetchApi)` with the local Compass standing in for @forge/api. */
export function createSdkApi(localCompass: LocalCompass): SdkApi {
  return new SdkApiClass(localCompass.fetchApi());
}
