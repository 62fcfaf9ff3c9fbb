// Timestamps the resolvers send (ISO 8601) as a person reads them, in their browser's locale and time zone.
export function formatTimestamp(iso: string, locale?: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}
