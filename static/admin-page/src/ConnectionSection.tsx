// The Backstage connection: the saved URL and when the token was set, or a form to enter them. The token
// is write-only: the resolver never returns it, so the form never shows it either.
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label, RequiredAsterisk } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import Textfield, { type TextFieldProps } from '@atlaskit/textfield';
import { useEffect, useState, type FormEvent } from 'react';
import { formatTimestamp } from '../../shared/format-time';
import type { ResolverError } from '../../shared/resolver-call';
import { ResolverErrorMessage } from '../../shared/ResolverErrorMessage';
import type { AdminOperations, BackstageConnectionView, ConnectionTestResult } from './admin-operations';
import { sameBackstageAddress } from './admin-view';
import { ConnectionDiagnosis, ConnectionTest } from './ConnectionTest';
import { isConnected, isVerified } from './import-guide';

export interface ConnectionSectionProps {
  operations: Pick<AdminOperations, 'saveConnection' | 'testConnection'>;
  connection: BackstageConnectionView | undefined;
  loadError: ResolverError | undefined;
  onSaved: (connection: BackstageConnectionView) => void;
  /** A test of the saved connection answered (the app keeps it as the connection's last test). */
  onTested: (result: ConnectionTestResult) => void;
  /** The form is open: its Save is the screen's primary action. */
  onEditing?: (editing: boolean) => void;
}

export function ConnectionSection({
  operations,
  connection,
  loadError,
  onSaved,
  onTested,
  onEditing,
}: ConnectionSectionProps) {
  const [editing, setEditing] = useState(false);
  const showForm = editing || (connection !== undefined && !isConnected(connection));
  useEffect(() => onEditing?.(showForm), [onEditing, showForm]);

  return (
    <section aria-labelledby="connection-heading" data-testid="connection-section">
      <Stack space="space.200">
        <Heading size="medium" as="h2" id="connection-heading">
          Backstage connection
        </Heading>
        {loadError && <ResolverErrorMessage title="Could not read the connection" error={loadError} />}
        {connection === undefined && !loadError && <Spinner size="medium" label="Loading the connection" />}
        {connection !== undefined && !showForm && (
          <ConnectionSummary connection={connection} onChange={() => setEditing(true)} />
        )}
        {isConnected(connection) && !showForm && (
          <ConnectionTest operations={operations} primary={!isVerified(connection)} onTested={onTested} />
        )}
        {connection !== undefined && showForm && (
          <ConnectionForm
            operations={operations}
            connection={connection}
            onSaved={(saved) => {
              setEditing(false);
              onSaved(saved);
            }}
            onCancel={isConnected(connection) ? () => setEditing(false) : undefined}
          />
        )}
      </Stack>
    </section>
  );
}

function ConnectionSummary({
  connection,
  onChange,
}: {
  connection: BackstageConnectionView;
  onChange: () => void;
}) {
  const verified = isVerified(connection);
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Text as="p" testId="connection-summary">
          {verified ? 'Connected to ' : 'Saved, not verified: '}
          <Text as="strong" weight="bold" testId="connection-url">
            {connection.baseUrl}
          </Text>
        </Text>
        <Lozenge appearance={verified ? 'success' : 'moved'} testId="connection-state">
          {verified ? 'verified' : connection.lastTest ? 'last test failed' : 'not tested'}
        </Lozenge>
      </Inline>
      <Text as="p" color="color.text.subtle" testId="connection-token">
        {connection.token.savedAt ? `Token set ${formatTimestamp(connection.token.savedAt)}` : 'Token set'}
      </Text>
      <Box>
        <Button onClick={onChange}>Change connection</Button>
      </Box>
    </Stack>
  );
}

/** A labelled text field with the server's refusal of it underneath, or else its help. */
function TextField({
  id,
  label,
  isRequired,
  error,
  help,
  ...field
}: Omit<TextFieldProps, 'id' | 'isRequired' | 'isInvalid'> & {
  id: string;
  label: string;
  isRequired?: boolean;
  error: string | undefined;
  help: string;
}) {
  const helpId = `${id}-help`;
  return (
    <Box>
      <Label htmlFor={id}>
        {label}
        {isRequired && <RequiredAsterisk />}
      </Label>
      <Textfield
        {...field}
        id={id}
        isRequired={isRequired}
        isInvalid={error !== undefined}
        aria-describedby={helpId}
      />
      {error ? (
        <ErrorMessage>{error}</ErrorMessage>
      ) : (
        <HelperMessage>
          <span id={helpId}>{help}</span>
        </HelperMessage>
      )}
    </Box>
  );
}

/** The server's words for the same refusal (src/connection/backstage-connection.ts). */
const TOKEN_AGAIN = 'Enter the token again: the saved token is only sent to the address it was saved for.';

function ConnectionForm({
  operations,
  connection,
  onSaved,
  onCancel,
}: {
  operations: Pick<AdminOperations, 'saveConnection'>;
  connection: BackstageConnectionView;
  onSaved: (connection: BackstageConnectionView) => void;
  onCancel: (() => void) | undefined;
}) {
  const [baseUrl, setBaseUrl] = useState(connection.baseUrl ?? '');
  const [token, setToken] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ResolverError>();
  // The test of what was entered, when it failed: nothing was saved; "Save anyway" saves it unverified.
  const [failedTest, setFailedTest] = useState<ConnectionTestResult>();
  // The saved token is only sent to the address it was saved for (the server refuses a new one without a token).
  const newAddress = connection.baseUrl !== undefined && !sameBackstageAddress(baseUrl, connection.baseUrl);
  const tokenRequired = !connection.token.set || newAddress;

  async function save(saveAnyway: boolean) {
    if (newAddress && connection.token.set && !token) {
      // The browser stops this at the required field; this keeps the round trip out where it does not.
      setError({ code: 'invalid-request', field: 'token', message: TOKEN_AGAIN });
      return;
    }
    setSaving(true);
    // Tested before it is saved: a failed test saves nothing unless the admin says "Save anyway".
    const result = await operations.saveConnection({
      baseUrl: baseUrl.trim(),
      ...(token ? { token } : {}),
      ...(saveAnyway ? {} : { requirePassingTest: true }),
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    if (!result.value.saved) {
      setFailedTest(result.value.test);
      return;
    }
    setToken('');
    setFailedTest(undefined);
    onSaved(result.value);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save(false);
  }

  const fieldError = (field: 'baseUrl' | 'token') => (error?.field === field ? error.message : undefined);

  return (
    <form onSubmit={submit} aria-label="Backstage connection" data-testid="connection-form">
      <Stack space="space.200">
        {error && !error.field && (
          <ResolverErrorMessage title="Could not save the connection" error={error} />
        )}
        <TextField
          id="backstage-base-url"
          label="Backstage backend URL"
          isRequired
          error={fieldError('baseUrl')}
          help="The backend's https address; the app adds /api/catalog."
          name="baseUrl"
          type="url"
          value={baseUrl}
          placeholder="https://backstage.example.com"
          onChange={(event) => setBaseUrl(event.currentTarget.value)}
        />
        <TextField
          id="backstage-token"
          label="Token"
          isRequired={tokenRequired}
          error={fieldError('token')}
          help={
            !connection.token.set
              ? 'A static external-access token from Backstage; stored encrypted, never shown again.'
              : newAddress
                ? 'A new address needs the token again: the saved token is only sent to the address it was saved for.'
                : 'Leave empty to keep the saved token.'
          }
          name="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(event) => setToken(event.currentTarget.value)}
        />
        {failedTest && !failedTest.ok && (
          <SectionMessage appearance="error" title="Not saved: the connection test failed">
            <Stack space="space.100">
              <ConnectionDiagnosis diagnosis={failedTest.diagnosis} />
              <Text as="p">
                Fix the address or the token and save again, or save it anyway: it stays not verified, and
                imports wait until a test passes.
              </Text>
            </Stack>
          </SectionMessage>
        )}
        <Inline space="space.100">
          <Button type="submit" appearance="primary" isLoading={saving}>
            Save connection
          </Button>
          {failedTest && (
            <Button testId="save-anyway" isDisabled={saving} onClick={() => void save(true)}>
              Save anyway
            </Button>
          )}
          {onCancel && <Button onClick={onCancel}>Cancel</Button>}
        </Inline>
        <Text as="p" color="color.text.subtle" size="small">
          The app tests the connection before saving it.
        </Text>
      </Stack>
    </form>
  );
}
