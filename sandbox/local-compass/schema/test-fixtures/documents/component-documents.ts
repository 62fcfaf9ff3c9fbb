// Fixture for the project-document collector: only exported strings that parse as operations count.
export const FIND_COMPONENT_NAME = `
  query findComponentName($id: ID!) {
    compass {
      component(id: $id) {
        ... on CompassComponent {
          name
        }
      }
    }
  }
`;

export const RENAME_COMPONENT = `
  mutation renameComponent($input: UpdateCompassComponentInput!) {
    compass {
      updateComponent(input: $input) {
        success
      }
    }
  }
`;

export const COMPONENT_FRAGMENT = `fragment componentName on CompassComponent { name }`;
export const NOT_GRAPHQL = 'backstage';
export const PAGE_SIZE = 50;
