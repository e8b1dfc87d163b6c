/**
 * One hospital's contribution to a round: the change it proposes to the global parameters after
 * training on its own patients. Never rows: only a parameter vector and a self-reported count.
 */
export type ModelUpdate = {
  /** Organisation id of the hospital (as registered in `DeviceRegistry`). */
  hospitalId: string;
  round: number;
  /** Local parameters minus the global parameters the round started from. */
  delta: Float64Array;
  /** Self-reported number of training patients: never trusted alone (see the trust-weighted rule). */
  samples: number;
};

/** What every aggregator is given: the round's updates and the model's number of parameters. */
export type AggregationInput = {
  updates: readonly ModelUpdate[];
  dimension: number;
  /** The round being aggregated; an update for another round is refused. */
  round?: number;
  /** Hospitals excluded from the federation (or suspended): their updates are refused. */
  excluded?: ReadonlySet<string>;
};

/** An aggregator's result: the global change and the share of the result each hospital had (sums to 1). */
export type AggregationResult = {
  delta: Float64Array;
  weights: Map<string, number>;
};
