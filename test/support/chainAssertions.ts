import { type Abi, parseEventLogs, type TransactionReceipt } from 'viem';
import { expect } from 'vitest';
import { ContractRevertError } from '../../src/ledger/index.ts';

/** Asserts that `promise` fails with the custom error `errorName` and, if given, exactly these args. */
export async function expectRevert(
  promise: Promise<unknown>,
  errorName: string,
  args?: readonly unknown[],
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${errorName}`).toBeInstanceOf(ContractRevertError);
  const revert = error as ContractRevertError;
  expect(revert.errorName).toBe(errorName);
  if (args) expect(revert.args).toEqual(args);
}

/** The decoded events named `eventName` in a receipt. */
export function eventsIn(
  receipt: TransactionReceipt,
  abi: Abi,
  eventName: string,
): { args: Record<string, unknown> }[] {
  return parseEventLogs({ abi, logs: receipt.logs, eventName }) as unknown as {
    args: Record<string, unknown>;
  }[];
}
