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
    loading = (require('ml-xgboost') as Promise<XGBoostClass>).then(
      (cls) => {
        restore();
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
