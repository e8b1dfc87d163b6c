import type { Opinion, ReputationParameters } from './types.ts';

/**
 * The subjective-logic opinion of evidence r (positive) and s (negative) with prior weight W and base
 * rate a: b = r/(r+s+W), d = s/(r+s+W), u = W/(r+s+W), E = b + a·u.
 */
export function computeOpinion(
  r: number,
  s: number,
  params: Pick<ReputationParameters, 'priorWeight' | 'baseRate'>,
): Opinion {
  const total = r + s + params.priorWeight;
  const belief = r / total;
  const disbelief = s / total;
  const uncertainty = params.priorWeight / total;
  return {
    belief,
    disbelief,
    uncertainty,
    baseRate: params.baseRate,
    trust: belief + params.baseRate * uncertainty,
  };
}
