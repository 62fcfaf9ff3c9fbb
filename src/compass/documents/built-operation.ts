// A document ready to send: what the mutation builder and the batched queries both answer.
export interface BuiltOperation {
  query: string;
  variables: Record<string, unknown>;
  /** The alias of each segment, in the order given; results come back under these keys. */
  aliases: string[];
}
