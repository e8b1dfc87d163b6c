// Child process for the crash test: anchors batches forever on the embedded chain in the given data
// directory, printing one line per batch only after its receipt says it is mined.
import { keccak256, toHex, zeroHash } from 'viem';
import { createLedger, ensureDeployed, readContract, writeContract } from '../../src/ledger/index.ts';
import { id } from './ids.ts';

const dataDir = process.argv[2]!;
const ledger = await createLedger({
  dataDir,
  chain: { mode: 'embedded', chainId: 31337, rpcUrl: undefined, privateKey: undefined },
});
const ctx = await ensureDeployed(ledger);
const gw = id('crash-gw');
let seq = await readContract(ctx, 'dataAnchor', 'nextSequence', [gw]);
let prev = await readContract(ctx, 'dataAnchor', 'lastRoot', [gw]);
process.stdout.write('ready\n');
for (;;) {
  const root = keccak256(toHex(`batch-${seq}`));
  const receipt = await writeContract(ctx, 'dataAnchor', 'anchorBatch', [
    gw,
    seq,
    root,
    prev === zeroHash ? zeroHash : prev,
    1,
  ]);
  process.stdout.write(`mined ${seq} ${receipt.blockNumber} ${receipt.blockHash}\n`);
  prev = root;
  seq += 1n;
}
