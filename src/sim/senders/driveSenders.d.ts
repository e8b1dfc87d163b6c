/** Sends message `index`; resolves null once it is stored, else with its rejection code. */
export type SendOne = (index: number) => Promise<string | null>;

export type SaturateResult = {
  sent: number;
  stored: number;
  /** Rejections by code. */
  codes: Record<string, number>;
  seconds: number;
};

export type PacedResult = {
  /** When each message was published, ms since the epoch. */
  publishedAt: Float64Array;
  /** Publish → stored (or refused), ms. */
  durableMs: Float64Array;
  codes: Record<string, number>;
};

/** Sends messages 0…count-1, `inFlight` at a time, until all are sent or `seconds` passed. */
export function saturate(
  send: SendOne,
  count: number,
  inFlight: number,
  seconds: number,
): Promise<SaturateResult>;

/** Sends messages 0…count-1 at `perSecond`, each when due. */
export function paced(send: SendOne, count: number, perSecond: number): Promise<PacedResult>;
