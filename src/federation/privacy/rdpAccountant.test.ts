import { describe, expect, it } from 'vitest';
import { computeRdp, epsilonAfter, logErfc, noiseMultiplierFor, rdpToEpsilon } from './rdpAccountant.ts';

// Reference values from TensorFlow Privacy's rdp_accountant_test.py (tensorflow/privacy,
// tensorflow_privacy/privacy/analysis/rdp_accountant_test.py), computed there with scipy/mpmath.
describe('RDP of the sampled Gaussian mechanism against TF Privacy', () => {
  it('no sampling: α / (2σ²) per step', () => {
    expect(computeRdp(1, 10, 1, [20])[0]).toBeCloseTo(0.1, 12);
  });

  it('no data: 0', () => {
    expect(computeRdp(0, 10, 1, [20])[0]).toBe(0);
  });

  it('integer order: compute_rdp(0.1, 2, 10, 5) = 0.07737', () => {
    expect(computeRdp(0.1, 2, 10, [5])[0]).toBeCloseTo(0.07737, 5);
  });

  it('fractional and integer orders: compute_rdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100])', () => {
    const rdp = computeRdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100]);
    const expected = [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307];
    rdp.forEach((v, i) => {
      expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5 * Math.max(1, expected[i]!));
    });
  });
});

describe('RDP → (ε, δ) against TF Privacy', () => {
  it('constant RDP 1.1 at orders 2…32, δ = 1e-5: ε = 1.32783806176 at order 32', () => {
    const orders = Array.from({ length: 31 }, (_, i) => i + 2);
    const r = rdpToEpsilon(
      orders,
      orders.map(() => 1.1),
      1e-5,
    );
    expect(r.order).toBe(32);
    expect(r.epsilon).toBeCloseTo(1.32783806176, 9);
  });

  it('Gaussian mechanism with σ = 4.530877117, one release: (1, 1e-6)-DP', () => {
    const orders = Array.from({ length: 99_000 }, (_, i) => 1 + (i + 1) * 0.001);
    const r = rdpToEpsilon(orders, computeRdp(1, 4.530877117, 1, orders), 1e-6);
    expect(r.epsilon).toBeCloseTo(1, 6);
  });
});

describe('noise calibration', () => {
  it('finds the smallest σ meeting a target ε, and ε grows with rounds and sampling rate', () => {
    const sigma = noiseMultiplierFor({ epsilon: 8, delta: 1e-5, sampleRate: 1, steps: 20 });
    expect(epsilonAfter(1, sigma, 20, 1e-5)).toBeLessThanOrEqual(8);
    expect(epsilonAfter(1, sigma * 0.99, 20, 1e-5)).toBeGreaterThan(8);
    expect(epsilonAfter(1, sigma, 40, 1e-5)).toBeGreaterThan(8);
    expect(epsilonAfter(0.2, sigma, 20, 1e-5)).toBeLessThan(epsilonAfter(0.5, sigma, 20, 1e-5));
  });

  it('log erfc stays finite far in the tail and matches erfc near 0', () => {
    expect(logErfc(0)).toBeCloseTo(0, 6);
    expect(Math.exp(logErfc(1))).toBeCloseTo(0.157299207, 6);
    expect(Math.exp(logErfc(-1))).toBeCloseTo(1.842700793, 6);
    // erfc(30) ≈ 1.9e-393: only its logarithm is representable (≈ −x² − ln(x√π) = −903.974).
    expect(logErfc(30)).toBeCloseTo(-903.974, 2);
  });
});
