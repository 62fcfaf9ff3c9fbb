// Shows an error a resolver answered ({ ok: false, error }) or the page met while calling it.
import SectionMessage from '@atlaskit/section-message';
import { PAGE_ERROR_CODES, type ResolverError } from './resolver-call';

export interface ResolverErrorMessageProps {
  /** What the page was trying to do, e.g. "Could not start the import". */
  title: string;
  error: ResolverError;
}

export function ResolverErrorMessage({ title, error }: ResolverErrorMessageProps) {
  const outsideForge = error.code === PAGE_ERROR_CODES.outsideForge;
  return (
    <SectionMessage
      appearance={outsideForge ? 'warning' : 'error'}
      title={outsideForge ? 'Not inside Forge' : title}
    >
      <p data-error-code={error.code}>{error.message}</p>
    </SectionMessage>
  );
}
