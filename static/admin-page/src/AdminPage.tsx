// The Compass admin page for the Backstage import (minimal for now: issue 5 grows it into the whole workflow).
import Heading from '@atlaskit/heading';
import { Box, Stack, Text } from '@atlaskit/primitives/compiled';
import { useEffect, useState } from 'react';
import type { ResolverError } from '../../shared/resolver-call';
import { adminOperations, type AdminOperations, type BackstageConnectionView } from './admin-operations';
import { ConnectionSection, isConnected } from './ConnectionSection';
import { ImportSection } from './ImportSection';

export function AdminPage({ operations = adminOperations }: { operations?: AdminOperations }) {
  const [connection, setConnection] = useState<BackstageConnectionView>();
  const [connectionError, setConnectionError] = useState<ResolverError>();

  useEffect(() => {
    let current = true;
    void operations.getConnection().then((result) => {
      if (!current) return;
      if (result.ok) setConnection(result.value);
      else setConnectionError(result.error);
    });
    return () => {
      current = false;
    };
  }, [operations]);

  return (
    <Box as="main" padding="space.300">
      {/* Lines and fields longer than this read badly on a wide Compass page. */}
      <div style={{ maxWidth: 880 }}>
        <Stack space="space.400">
          <Stack space="space.100">
            <Heading size="large" as="h1">
              Backstage import
            </Heading>
            <Text as="p" color="color.text.subtle">
              Bring your Backstage software catalog into Compass: components, APIs and resources with their
              owners, links and dependencies.
            </Text>
          </Stack>
          <ConnectionSection
            operations={operations}
            connection={connection}
            loadError={connectionError}
            onSaved={(saved) => {
              setConnection(saved);
              setConnectionError(undefined);
            }}
          />
          <ImportSection operations={operations} connected={isConnected(connection)} />
        </Stack>
      </div>
    </Box>
  );
}
