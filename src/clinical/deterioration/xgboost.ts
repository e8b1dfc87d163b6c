import { createRequire } from 'node:module';

/** The subset of the ml-xgboost booster Vigil uses. */
export type Booster = {
  train(x: number[][], y: number[]): void;
  predict(x: number[][]): number[];
  toJSON(): { name: string; model: number[]; options: Record<string, unknown> };
  free(): void;
};

export type XGBoostClass = {
  new (options: Record<string, unknown>): Booster;
  load(model: { name: string; model: number[]; options: Record<string, unknown> }): Booster;
};

let loading: Promise<XGBoostClass> | undefined;

/** The parts of the Emscripten module behind ml-xgboost used to pass training data on the heap. */
type XGBoostModule = {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  HEAPF32: Float32Array;
  cwrap(name: string, ret: string | null, args: string[]): (...args: unknown[]) => unknown;
};

type BoosterInternals = { model: number; options: Record<string, unknown> };

/**
 * ml-xgboost passes the training matrix to WebAssembly on the Emscripten stack (5 MiB), so matrices
 * over about 1.3 million cells (e.g. 5,900 rows x 222 features) fail with "memory access out of bounds".
 * This replaces `train` with the same calls but the matrix and labels copied to the heap (then freed;
 * `create_model` copies them into its DMatrix). Same data, same parameters: same trees.
 */
function trainOnHeap(cls: XGBoostClass, module: XGBoostModule): void {
  const createModel = module.cwrap('create_model', 'number', ['number', 'number', 'number', 'number']);
  const setParam = module.cwrap('set_param', null, ['number', 'string', 'string']);
  const trainFull = module.cwrap('train_full_model', null, ['number', 'number']);
  const proto = (cls as unknown as { prototype: Booster & BoosterInternals }).prototype;
  proto.train = function (this: BoosterInternals, x: number[][], y: number[]): void {
    const rows = x.length;
    const cols = rows ? x[0]!.length : 0;
    const dataPtr = module._malloc(rows * cols * 4);
    const labelPtr = module._malloc(rows * 4);
    try {
      const heap = module.HEAPF32;
      for (let i = 0; i < rows; i++) heap.set(x[i]!, dataPtr / 4 + i * cols);
      heap.set(y, labelPtr / 4);
      this.model = createModel(dataPtr, labelPtr, rows, cols) as number;
    } finally {
      module._free(dataPtr);
      module._free(labelPtr);
    }
    for (const [key, value] of Object.entries(this.options)) {
      if (key !== 'iterations') setParam(this.model, key, String(value));
    }
    trainFull(this.model, this.options.iterations);
  };
}

/** Loads the ml-xgboost WebAssembly module once (its harmless "streaming compile failed" notice is muted). */
export function loadXGBoost(): Promise<XGBoostClass> {
  if (!loading) {
    const require = createRequire(import.meta.url);
    const warn = console.warn;
    const log = console.log;
    const muted = (...args: unknown[]): void => {
      const text = String(args[0] ?? '');
      if (!/wasm streaming compile failed|falling back to ArrayBuffer/.test(text)) warn(...args);
    };
    console.warn = muted;
    console.log = (...args: unknown[]) => {
      const text = String(args[0] ?? '');
      if (!/wasm streaming compile failed|falling back to ArrayBuffer/.test(text)) log(...args);
    };
    const restore = (): void => {
      console.warn = warn;
      console.log = log;
    };
    loading = Promise.all([
      require('ml-xgboost') as Promise<XGBoostClass>,
      (require('ml-xgboost/dist/wasm/xgboost') as { isReady: Promise<XGBoostModule> }).isReady,
    ]).then(
      ([cls, module]) => {
        restore();
        trainOnHeap(cls, module);
        return cls;
      },
      (error: unknown) => {
        restore();
        throw error;
      },
    );
  }
  return loading;
}
