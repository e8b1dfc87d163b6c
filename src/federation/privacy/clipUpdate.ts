import { l2Norm } from '../vectors.ts';

/** Scales a vector down to L2 norm `clip` if it is longer (bounds one hospital's influence). */
export function clipUpdate(delta: Float64Array, clip: number): Float64Array {
  const norm = l2Norm(delta);
  if (norm <= clip || norm === 0) return Float64Array.from(delta);
  const f = clip / norm;
  return delta.map((v) => v * f);
}
