import { randomBytes } from 'node:crypto';

/** Draws standard normal values. */
export type GaussianSource = () => number;

/**
 * Standard normal draws (Box–Muller). Without a seed the uniforms come from the operating system's
 * CSPRNG, as differential privacy requires; a seed makes an offline evaluation reproducible and must
 * never be used where the noise protects real hospitals (whoever knows the seed can remove the noise).
 */
export function createGaussianSource(seed?: number): GaussianSource {
  let uniform: () => number;
  if (seed === undefined) {
    let pool = Buffer.alloc(0);
    let at = 0;
    uniform = () => {
      if (at + 6 > pool.length) {
        pool = randomBytes(6 * 1024);
        at = 0;
      }
      const v = pool.readUIntBE(at, 6);
      at += 6;
      return (v + 0.5) / 2 ** 48;
    };
  } else {
    let s = seed >>> 0 || 0x9e3779b9;
    uniform = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return ((s >>> 0) + 0.5) / 4294967296;
    };
  }
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const v = spare;
      spare = undefined;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}
