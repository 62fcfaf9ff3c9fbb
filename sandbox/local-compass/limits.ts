// Compass's documented (and, where marked, assumed) limits, checked by the local Compass's store.
// Kept separate from the app's own COMPASS_LIMITS on purpose: the double must not trust the code it tests.
// limits.test.ts checks that the two tables agree.

export interface CompassLimits {
  nameMaxLength: number;
  descriptionMaxLength: number;
  labelMaxLength: number;
  /** UNVERIFIED live: 10 (compass-examples) or 20 (gitlab-for-compass). */
  labelsPerComponent: number;
  /** UNVERIFIED live: 5 (gitlab-for-compass) or 10 (SDK config-as-code). */
  linksPerType: number;
  linkNameMaxLength: number;
  slugMaxLength: number;
  /** GUESS (Compass publishes no count): custom metric definitions one site holds. */
  metricDefinitionsPerSite: number;
  /** GUESS (unpublished): metric sources one component holds. */
  metricSourcesPerComponent: number;
  /** GUESS (unpublished): how far past Compass's clock a metric value's timestamp may be (clock skew). */
  metricValueFutureToleranceMs: number;
  /** GUESS (unpublished): criteria one scorecard holds. */
  criteriaPerScorecard: number;
  /**
   * UNVERIFIED for the API: what a WEIGHT_BASED scorecard's criterion weights add up to (Compass's scorecard
   * editor asks for weights that total 100%).
   */
  weightBasedScorecardTotal: number;
}

export const DEFAULT_COMPASS_LIMITS: CompassLimits = {
  nameMaxLength: 512,
  descriptionMaxLength: 4096,
  labelMaxLength: 40,
  labelsPerComponent: 10,
  linksPerType: 5,
  linkNameMaxLength: 512,
  slugMaxLength: 64,
  metricDefinitionsPerSite: 100,
  metricSourcesPerComponent: 100,
  metricValueFutureToleranceMs: 5 * 60 * 1000,
  criteriaPerScorecard: 50,
  weightBasedScorecardTotal: 100,
};

/**
 * The errorType values the local Compass returns. Live Compass's codes for these cases are UNVERIFIED
 * (only COMPONENT_NOT_FOUND is documented); app code should branch on statusCode, not on these strings.
 */
export const LOCAL_COMPASS_ERROR_TYPES = {
  componentNotFound: 'COMPONENT_NOT_FOUND',
  nameRequired: 'NAME_REQUIRED',
  nameTooLong: 'NAME_TOO_LONG',
  descriptionTooLong: 'DESCRIPTION_TOO_LONG',
  labelNotLowercase: 'LABEL_NOT_LOWERCASE',
  labelContainsWhitespace: 'LABEL_CONTAINS_WHITESPACE',
  labelTooLong: 'LABEL_TOO_LONG',
  labelEmpty: 'LABEL_EMPTY',
  tooManyLabels: 'TOO_MANY_LABELS',
  tooManyLinksOfType: 'TOO_MANY_LINKS_OF_TYPE',
  invalidLinkUrl: 'INVALID_LINK_URL',
  linkNameTooLong: 'LINK_NAME_TOO_LONG',
  linkNotFound: 'LINK_NOT_FOUND',
  externalAliasAlreadyExists: 'EXTERNAL_ALIAS_ALREADY_EXISTS',
  externalAliasNotFound: 'EXTERNAL_ALIAS_NOT_FOUND',
  invalidSlug: 'INVALID_SLUG',
  slugTooLong: 'SLUG_TOO_LONG',
  slugAlreadyExists: 'SLUG_ALREADY_EXISTS',
  invalidComponentType: 'INVALID_COMPONENT_TYPE',
  invalidField: 'INVALID_FIELD',
  invalidRelationship: 'INVALID_RELATIONSHIP',
  relationshipAlreadyExists: 'RELATIONSHIP_ALREADY_EXISTS',
  relationshipNotFound: 'RELATIONSHIP_NOT_FOUND',
  metricDefinitionNotFound: 'METRIC_DEFINITION_NOT_FOUND',
  metricSourceAlreadyExists: 'METRIC_SOURCE_ALREADY_EXISTS',
  metricSourceNotFound: 'METRIC_SOURCE_NOT_FOUND',
  invalidMetricValue: 'INVALID_METRIC_VALUE',
  tooManyMetricDefinitions: 'TOO_MANY_METRIC_DEFINITIONS',
  tooManyMetricSources: 'TOO_MANY_METRIC_SOURCES',
  scorecardNotFound: 'SCORECARD_NOT_FOUND',
  scorecardAlreadyApplied: 'SCORECARD_ALREADY_APPLIED',
  invalidScorecard: 'INVALID_SCORECARD',
  eventSourceNotFound: 'EVENT_SOURCE_NOT_FOUND',
  siteNotFound: 'SITE_NOT_FOUND',
  invalidId: 'INVALID_ID',
  notImplemented: 'NOT_IMPLEMENTED',
} as const;

export type LocalCompassErrorType =
  (typeof LOCAL_COMPASS_ERROR_TYPES)[keyof typeof LOCAL_COMPASS_ERROR_TYPES];

/** A rejected operation; resolvers turn it into a mutation error or a QueryError. */
export class CompassOperationError extends Error {
  override readonly name = 'CompassOperationError';
  constructor(
    readonly statusCode: number,
    readonly errorType: LocalCompassErrorType,
    message: string,
    /** The id the error concerns (a QueryError's `identifier`). */
    readonly identifier?: string,
  ) {
    super(message);
  }
}

const E = LOCAL_COMPASS_ERROR_TYPES;

function invalid(errorType: LocalCompassErrorType, message: string): CompassOperationError {
  return new CompassOperationError(400, errorType, message);
}

export function checkName(name: string | null | undefined, limits: CompassLimits): string {
  if (name === null || name === undefined || name.trim() === '') {
    throw invalid(E.nameRequired, 'Component name is required and cannot be blank.');
  }
  if (name.length > limits.nameMaxLength) {
    throw invalid(
      E.nameTooLong,
      `Component name is ${name.length} characters long; the limit is ${limits.nameMaxLength} characters.`,
    );
  }
  return name;
}

export function checkDescription(description: string | null | undefined, limits: CompassLimits): void {
  if (description && description.length > limits.descriptionMaxLength) {
    throw invalid(
      E.descriptionTooLong,
      `Component description is ${description.length} characters long; ` +
        `the limit is ${limits.descriptionMaxLength} characters.`,
    );
  }
}

export function checkLabel(label: string, limits: CompassLimits): void {
  if (label.length === 0) throw invalid(E.labelEmpty, 'Label names cannot be empty.');
  if (/\s/.test(label)) {
    throw invalid(
      E.labelContainsWhitespace,
      `Label "${label}" contains whitespace; labels cannot contain spaces.`,
    );
  }
  if (label !== label.toLowerCase()) {
    throw invalid(E.labelNotLowercase, `Label "${label}" must be in lowercase.`);
  }
  if (label.length > limits.labelMaxLength) {
    throw invalid(
      E.labelTooLong,
      `Label "${label}" is ${label.length} characters long; the limit is ${limits.labelMaxLength} characters.`,
    );
  }
}

export function checkLabelCount(count: number, limits: CompassLimits): void {
  if (count > limits.labelsPerComponent) {
    throw invalid(
      E.tooManyLabels,
      `A component can have at most ${limits.labelsPerComponent} labels; this change would give it ${count}.`,
    );
  }
}

export function checkLinkUrl(url: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw invalid(E.invalidLinkUrl, `Link URL "${String(url)}" is not a valid http(s) URL.`);
  }
  return url as string;
}

export function checkLinkName(name: string | null | undefined, limits: CompassLimits): void {
  if (name && name.length > limits.linkNameMaxLength) {
    throw invalid(
      E.linkNameTooLong,
      `Link name is ${name.length} characters long; the limit is ${limits.linkNameMaxLength} characters.`,
    );
  }
}

export function checkLinksOfType(type: string, count: number, limits: CompassLimits): void {
  if (count > limits.linksPerType) {
    throw invalid(
      E.tooManyLinksOfType,
      `A component can have at most ${limits.linksPerType} links of type ${type}; this change would give it ${count}.`,
    );
  }
}

export function checkSlug(slug: string, limits: CompassLimits): void {
  if (slug.length > limits.slugMaxLength) {
    throw invalid(
      E.slugTooLong,
      `Slug "${slug}" is ${slug.length} characters long; the limit is ${limits.slugMaxLength} characters.`,
    );
  }
  if (!/^[0-9a-zA-Z-]+$/.test(slug)) {
    throw invalid(E.invalidSlug, `Slug "${slug}" may contain only letters, digits and hyphens.`);
  }
}
