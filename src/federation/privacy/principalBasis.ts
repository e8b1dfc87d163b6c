/**
 * Symmetric eigen-decomposition by cyclic Jacobi rotations (small matrices only: n ≤ a few hundred).
 * Returns eigenvalues and eigenvectors (as columns of `vectors`, row-major n × n), unsorted.
 */
function jacobiEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p]!;
          const mkq = m[k * n + q]!;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k]!;
          const mqk = m[q * n + k]!;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => m[i * n + i]!), vectors: v };
}

/**
 * The `k` leading principal directions (orthonormal, length `width`) of the coordinator's own scaled
 * reference rows, from the eigenvectors of their n × n Gram matrix (n = number of rows). Updates
 * projected on them lose only what the reference patients do not vary in, and DP noise then lives in
 * k dimensions instead of the model's full width (a post-processing-free change of the mechanism).
 */
export function principalBasis(rows: readonly Float64Array[], k: number): Float64Array[] {
  const n = rows.length;
  const width = rows[0]?.length ?? 0;
  const mean = new Float64Array(width);
  for (const r of rows) for (let j = 0; j < width; j++) mean[j] = mean[j]! + r[j]! / n;
  const centred = rows.map((r) => r.map((v, j) => v - mean[j]!));
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let l = i; l < n; l++) {
      let s = 0;
      for (let j = 0; j < width; j++) s += centred[i]![j]! * centred[l]![j]!;
      gram[i * n + l] = s;
      gram[l * n + i] = s;
    }
  }
  const { values, vectors } = jacobiEigen(gram, n);
  const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
  const basis: Float64Array[] = [];
  for (const e of order) {
    if (basis.length >= k || !(values[e]! > 1e-9)) break;
    const dir = new Float64Array(width);
    for (let i = 0; i < n; i++) {
      const coef = vectors[i * n + e]!;
      for (let j = 0; j < width; j++) dir[j] = dir[j]! + coef * centred[i]![j]!;
    }
    const norm = Math.sqrt(dir.reduce((a, v) => a + v * v, 0));
    basis.push(dir.map((v) => v / norm));
  }
  return basis;
}
