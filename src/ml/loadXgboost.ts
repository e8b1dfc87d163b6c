import { createRequire } from 'node:module';

/** The subset of the ml-xgboost booster API Vigil uses. */
export type Booster = {
  predict(x: number[][]): number[];
  toJSON(): XgboostModelJson;
  free(): void;
};

/** ml-xgboost's serialised model: the XGBoost binary model as signed bytes plus its options. */
export type XgboostModelJson = { name: 'ml-xgboost'; model: number[]; options: Record<string, unknown> };

/** XGBoost in wasm: train a booster on a dense matrix, or load a serialised one. */
export type XgboostModule = {
  train(
    x: readonly (readonly number[])[],
    y: readonly number[],
    options: Record<string, string | number>,
  ): Booster;
  load(model: XgboostModelJson): Booster;
};

type BoosterClass = { prototype: Booster; load(model: XgboostModelJson): Booster };
type Emscripten = {
  _malloc(size: number): number;
  _free(ptr: number): void;
  HEAPF32: Float32Array;
  cwrap(name: string, ret: string | null, args: string[]): (...args: unknown[]) => number;
};

let ready: Promise<XgboostModule> | undefined;

/**
 * Loads the XGBoost wasm module once per process. Training copies the matrix through the
 * wasm heap: ml-xgboost's own `train` passes it on the 5 MB wasm stack, which overflows
 * beyond about a million cells.
 */
export function loadXgboost(): Promise<XgboostModule> {
  if (!ready) ready = load();
  return ready;
}

async function load(): Promise<XgboostModule> {
  const require = createRequire(import.meta.url);
  // Emscripten reports on stderr that streaming compilation of a file path fails, before its working fallback.
  const { warn, error } = console;
  const quiet =
    (original: (...a: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (!/wasm streaming compile failed|falling back to ArrayBuffer/.test(String(args[0])))
        original(...args);
    };
  console.warn = quiet(warn);
  console.error = quiet(error);
  let XGBoost: BoosterClass;
  try {
    XGBoost = await (require('ml-xgboost') as Promise<BoosterClass>);
  } finally {
    console.warn = warn;
    console.error = error;
  }
  // The same emscripten module instance ml-xgboost wraps (require cache).
  const wasm = require('ml-xgboost/dist/wasm/xgboost.js') as Emscripten;
  const createModel = wasm.cwrap('create_model', 'number', ['number', 'number', 'number', 'number']);
  const setParam = wasm.cwrap('set_param', null, ['number', 'string', 'string']);
  const trainModel = wasm.cwrap('train_full_model', null, ['number', 'number']);

  function train(
    x: readonly (readonly number[])[],
    y: readonly number[],
    options: Record<string, string | number>,
  ): Booster {
    const rows = x.length;
    const cols = x[0]?.length ?? 0;
    const xPtr = wasm._malloc(rows * cols * 4);
    const yPtr = wasm._malloc(rows * 4);
    let model: number;
    try {
      // Views are taken after malloc: growing the heap replaces HEAPF32.
      const heap = wasm.HEAPF32;
      for (let r = 0; r < rows; r++) heap.set(x[r]!, xPtr / 4 + r * cols);
      heap.set(y, yPtr / 4);
      model = createModel(xPtr, yPtr, rows, cols);
    } finally {
      wasm._free(xPtr);
      wasm._free(yPtr);
    }
    const stringOptions: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(options)) {
      stringOptions[key] = key === 'iterations' ? value : String(value);
      if (key !== 'iterations') setParam(model, key, String(value));
    }
    trainModel(model, Number(options.iterations ?? 100));
    const booster = Object.create(XGBoost.prototype) as Booster & { model: number; options: unknown };
    booster.model = model;
    booster.options = stringOptions;
    return booster;
  }

  return { train, load: (model) => XGBoost.load(model) };
}
