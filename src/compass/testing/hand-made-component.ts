// Test data: a component someone made in Compass by hand (no `backstage` alias), created through Compass's own
// createComponent document so the local Compass stores it exactly as a person's would be.
import type { LocalCompass } from '../../../sandbox/local-compass';

export interface HandMadeComponent {
  name: string;
  typeId?: string;
  /** Repository link URLs. */
  repositories?: string[];
  /** Another tool's alias, if any (`externalSource` other than backstage). */
  alias?: { externalSource: string; externalId: string };
}

const ATTACH_ALIAS = `mutation HandMadeAlias($input: CreateCompassComponentExternalAliasInput!) {
  compass {
    createComponentExternalAlias(input: $input) {
      success
    }
  }
}`;

const CREATE = `mutation HandMade($cloudId: ID!, $input: CreateCompassComponentInput!) {
  compass {
    createComponent(cloudId: $cloudId, input: $input) {
      success
      errors { message }
      componentDetails { id }
    }
  }
}`;

/** Creates the component and answers its id. */
export async function createHandMadeComponent(
  compass: LocalCompass,
  component: HandMadeComponent,
): Promise<string> {
  const response = await compass
    .fetchApi()
    .asApp()
    .requestGraph(CREATE, {
      cloudId: compass.cloudId,
      input: {
        name: component.name,
        typeId: component.typeId ?? 'SERVICE',
        links: (component.repositories ?? []).map((url) => ({ type: 'REPOSITORY', url })),
      },
    });
  const body = (await response.json()) as {
    data?: { compass?: { createComponent?: { componentDetails?: { id: string } | null } } };
  };
  const id = body.data?.compass?.createComponent?.componentDetails?.id;
  if (!id) throw new Error(`The local Compass did not create ${component.name}: ${JSON.stringify(body)}`);
  if (component.alias) {
    await compass
      .fetchApi()
      .asApp()
      .requestGraph(ATTACH_ALIAS, { input: { componentId: id, externalAlias: component.alias } });
  }
  return id;
}
