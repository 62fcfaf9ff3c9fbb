// A document ready to send: what the mutation builder and the batched queries both answer.
export interface BuiltOperation {
  query: string;
  variables: Record<string, unknown>;
  /** The alias of each segment, in the order given; results come back under these keys. */
  aliases: string[];
}

/**
 * What every document selects of a `QueryError` in a result union: the fields CompassClient classifies a
 * refusal by (its message, and the extension's status code and error type).
 */
export const QUERY_ERROR_SELECTION = `... on QueryError {
        message
        extensions {
          statusCode
          errorType
        }
      }`;
