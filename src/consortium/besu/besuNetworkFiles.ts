import type { BesuNetworkPlan, BesuNode } from './planBesuNetwork.ts';
import { toToml } from './toToml.ts';

/** A file to write: its path under the output folder, its text, and mode 0600 for private keys. */
export type BesuFile = { path: string; content: string; secret?: boolean };

// QBFT's fixed mixHash ("ctical byzantine fault tolerance"), from Besu's QBFT genesis examples.
const QBFT_MIX_HASH = '0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365';
const BALANCE = '0xd3c21bcecceda1000000'; // 1e24 wei; gas is free anyway (zeroBaseFee, min-gas-price 0)
/** Where `besu operator generate-blockchain-config --to=networkFiles` puts the genesis file. */
export const GENESIS_PATH = 'networkFiles/genesis.json';

/** Folder of a validator node under the output folder. */
export const nodeDir = (node: BesuNode) => `hospital-${node.hospital}/node-${node.index}`;

/**
 * The input of `besu operator generate-blockchain-config`: the QBFT genesis (all forks to Cancun at
 * genesis, as the Vigil contracts are compiled for Cancun; free gas) without `extraData`, which Besu
 * derives from the validators' public keys listed under `blockchain.nodes.keys`.
 */
function qbftConfigFile(plan: BesuNetworkPlan, timestamp: number): string {
  // Besu's names of the block-numbered forks (constantinopleFix is Petersburg).
  const forks = [
    'homestead',
    'eip150',
    'eip158',
    'byzantium',
    'constantinople',
    'constantinopleFix',
    'istanbul',
    'berlin',
    'london',
  ];
  return `${JSON.stringify(
    {
      genesis: {
        config: {
          chainId: plan.chainId,
          ...Object.fromEntries(forks.map((f) => [`${f}Block`, 0])),
          shanghaiTime: 0,
          cancunTime: 0,
          zeroBaseFee: true,
          qbft: {
            blockperiodseconds: plan.blockPeriodSeconds,
            epochlength: 30000,
            requesttimeoutseconds: plan.blockPeriodSeconds * 2,
          },
        },
        nonce: '0x0',
        timestamp: `0x${timestamp.toString(16)}`,
        gasLimit: '0x1fffffffffffff',
        difficulty: '0x1',
        mixHash: QBFT_MIX_HASH,
        coinbase: '0x0000000000000000000000000000000000000000',
        alloc: Object.fromEntries(
          plan.accounts.map((a) => [a.address.slice(2).toLowerCase(), { balance: BALANCE }]),
        ),
      },
      blockchain: { nodes: { generate: false, keys: plan.nodes.map((n) => n.publicKey) } },
    },
    null,
    2,
  )}\n`;
}

/** A validator's Besu configuration (paths relative to its folder, where it is started). */
function nodeConfig(plan: BesuNetworkPlan, node: BesuNode): string {
  return toToml([
    [
      null,
      `Besu validator ${node.index} of ${plan.nodes.length} of the Vigil consortium chain, run by hospital ${node.hospital}.`,
    ],
    [null, 'Start it from this folder: besu --config-file=config.toml'],
    ['data-path', 'data'],
    ['genesis-file', `../../${GENESIS_PATH}`],
    ['identity', `vigil-hospital-${node.hospital}-node-${node.index}`],
    ['sync-mode', 'FULL'],
    ['min-gas-price', 0],
    ['revert-reason-enabled', true],
    ['p2p-host', node.host],
    ['p2p-port', node.p2pPort],
    ['bootnodes', plan.nodes.filter((n) => n !== node).map((n) => n.enode)],
    [null, "JSON-RPC for this hospital's gateway only (VIGIL_CHAIN_RPC_URL); no ADMIN, DEBUG or PERM API."],
    ['rpc-http-enabled', true],
    ['rpc-http-host', '127.0.0.1'],
    ['rpc-http-port', node.rpcPort],
    ['rpc-http-api', ['ETH', 'NET', 'WEB3', 'QBFT']],
    ['host-allowlist', ['localhost', '127.0.0.1']],
    [
      null,
      'Local permissioning (on-chain permissioning is gone from Besu): the same allowlists on every node.',
    ],
    ['permissions-nodes-config-file-enabled', true],
    ['permissions-nodes-config-file', 'permissions_config.toml'],
    ['permissions-accounts-config-file-enabled', true],
    ['permissions-accounts-config-file', 'permissions_config.toml'],
  ]);
}

function permissionsConfig(plan: BesuNetworkPlan): string {
  return toToml([
    [null, 'Vigil consortium chain: validators that may connect, and accounts that may send transactions.'],
    [null, 'Keep this file the same on every node (perm_reloadPermissionsFromFile after a change).'],
    ['nodes-allowlist', plan.nodes.map((n) => n.enode)],
    ['accounts-allowlist', plan.accounts.map((a) => a.address)],
  ]);
}

/** The network as JSON for tooling and people: no private keys. */
function networkJson(plan: BesuNetworkPlan): string {
  return `${JSON.stringify(
    {
      chainId: plan.chainId,
      blockPeriodSeconds: plan.blockPeriodSeconds,
      hospitals: plan.hospitals,
      faultTolerance: plan.faultTolerance,
      validators: plan.nodes.map(({ privateKey: _secret, ...n }) => ({
        ...n,
        dir: nodeDir(n),
        rpcUrl: `http://127.0.0.1:${n.rpcPort}`,
      })),
      accounts: plan.accounts.map(({ name, address }) => ({ name, address })),
    },
    null,
    2,
  )}\n`;
}

function readme(plan: BesuNetworkPlan): string {
  const generated = plan.nodes.some((n) => n.privateKey);
  return `# Vigil consortium chain: Hyperledger Besu, QBFT

${plan.nodes.length} validators for ${plan.hospitals} hospitals; the chain keeps producing blocks with up to
${plan.faultTolerance} validator(s) down and stalls beyond (more than a third). Blocks are final at once.

1. \`besu operator generate-blockchain-config --config-file=qbftConfigFile.json --to=networkFiles --private-key-file-name=key\`
   (writes \`${GENESIS_PATH}\`, its \`extraData\` naming the validators listed in the config file).
2. Give each hospital its \`hospital-N/\` folders and \`${GENESIS_PATH}\`; start each node from its folder:
   \`besu --config-file=config.toml\`.
3. The consortium admin deploys Vigil once, on any node:
   \`VIGIL_CHAIN_RPC_URL=http://127.0.0.1:8545 VIGIL_CHAIN_PRIVATE_KEY=… vigil consortium init --no-gateway\`,
   then admits each hospital and adds its gateway (see docs/consortium.md).

${
  generated
    ? `Keys were generated here (\`hospital-N/node-M/data/key\`, \`accounts/*.key\`, mode 0600): fine for a test
network. For a real consortium, each hospital generates its own node key and gateway account and sends only
the public key and address: \`vigil consortium besu-config --node-public-keys FILE --accounts FILE\`.`
    : 'No private key was written: each hospital puts its own node key at `hospital-N/node-M/data/key`.'
}
`;
}

/** Every file of the Besu set-up for `plan` (private keys only where the plan generated them). */
export function besuNetworkFiles(
  plan: BesuNetworkPlan,
  timestamp = Math.floor(Date.now() / 1000),
): BesuFile[] {
  const files: BesuFile[] = [
    { path: 'README.md', content: readme(plan) },
    { path: 'network.json', content: networkJson(plan) },
    { path: 'qbftConfigFile.json', content: qbftConfigFile(plan, timestamp) },
  ];
  const permissions = permissionsConfig(plan);
  for (const node of plan.nodes) {
    const dir = nodeDir(node);
    files.push({ path: `${dir}/config.toml`, content: nodeConfig(plan, node) });
    files.push({ path: `${dir}/permissions_config.toml`, content: permissions });
    if (node.privateKey) {
      files.push({ path: `${dir}/data/key`, content: node.privateKey, secret: true });
      files.push({ path: `${dir}/data/key.pub`, content: node.publicKey });
    }
  }
  for (const account of plan.accounts) {
    if (account.privateKey)
      files.push({ path: `accounts/${account.name}.key`, content: `${account.privateKey}\n`, secret: true });
  }
  return files;
}
