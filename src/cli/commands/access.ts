import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { benchAccess } from '../../access/benchAccess.ts';
import {
  appendAudit,
  createAccessService,
  createLedgerConsent,
  createUser,
  listUsers,
  ROLES,
  type Role,
  setDisplayName,
  setOrganisationName,
  verifyAudit,
} from '../../access/index.ts';
import { benchClinicalApi } from '../../api/routes/benchClinicalApi.ts';
import { loadConfig } from '../../config/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { connectContracts, createLedger } from '../../ledger/index.ts';
import { openStore, type Store } from '../../store/index.ts';
import { printResult, withCommonOptions } from '../options.ts';

type Flags = Record<string, unknown> & { json?: boolean };

async function withStore<T>(flags: Flags, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig(flags);
  const store = await openStore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    masterKey: config.masterKey,
    gatewayId: config.gatewayId,
  });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function withStoreAndChain<T>(
  flags: Flags,
  fn: (store: Store, chain: Awaited<ReturnType<typeof connectContracts>>) => Promise<T>,
): Promise<T> {
  const config = loadConfig(flags);
  const ledger = await createLedger(config);
  try {
    const chain = await connectContracts(ledger);
    return await withStore(flags, (store) => fn(store, chain));
  } finally {
    await ledger.stop();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** `vigil user create|list`, `vigil patient erase P`, `vigil audit anchor`, `vigil verify audit`. */
export function registerAccessCommands(program: Command): void {
  const user = program.command('user').description('clinical API users (admin, clinician, patient, auditor)');
  withCommonOptions(user.command('create'))
    .description(
      'create a user; the password is read from stdin (--password-stdin) or generated and printed once',
    )
    .requiredOption('--username <name>', 'login name')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .option('--patient <pseudonym>', 'patient users: the pseudonym they are bound to')
    .option('--grantee <id>', 'clinicians: the id consent is granted to (default clin-<username>)')
    .option('--organisation <org>', 'clinicians: their organisation id')
    .option('--display-name <name>', 'the name patients choose them by in the consent directory')
    .option('--organisation-name <name>', 'clinicians: register their organisation under this name')
    .option('--password-stdin', 'read the password from stdin (never from argv)')
    .option('--json', 'print JSON')
    .action(async (flags: Flags) => {
      const role = flags.role as Role;
      if (!ROLES.includes(role)) throw new InvalidArgumentError(`--role must be one of ${ROLES.join(', ')}`);
      const generated = !flags.passwordStdin;
      const password = generated ? randomBytes(18).toString('base64url') : await readStdin();
      const created = await withStore(flags, async (store) => {
        const u = await createUser(store.sql, {
          username: String(flags.username),
          role,
          password,
          patient: flags.patient as string | undefined,
          grantee: flags.grantee as string | undefined,
          organisation: flags.organisation as string | undefined,
        });
        if (flags.displayName) await setDisplayName(store.sql, u.username, String(flags.displayName));
        if (flags.organisationName && u.organisation) {
          await setOrganisationName(store.sql, u.organisation, String(flags.organisationName));
        }
        await appendAudit(store.sql, {
          at: Date.now(),
          actor: 'cli',
          role: 'admin',
          patient: null,
          resource: 'User',
          action: 'create',
          outcome: 'allowed',
          reason: `${u.username} as ${u.role}`,
        });
        return u;
      });
      const out = generated ? { ...created, generatedPassword: password } : created;
      printResult(out, Boolean(flags.json), () =>
        [
          `created ${created.role} ${created.username}${created.patient ? ` (patient ${created.patient})` : ''}${created.grantee ? ` (grantee ${created.grantee}, organisation ${created.organisation})` : ''}`,
          ...(generated ? [`password (shown once): ${password}`] : []),
        ].join('\n'),
      );
    });
  withCommonOptions(user.command('list'))
    .description('list users (no secrets)')
    .option('--json', 'print JSON')
    .action(async (flags: Flags) => {
      const users = await withStore(flags, (store) => listUsers(store.sql));
      printResult(users, Boolean(flags.json), () =>
        users
          .map((u) => `${u.username.padEnd(20)} ${u.role.padEnd(10)} ${u.patient ?? u.grantee ?? ''}`)
          .join('\n'),
      );
    });

  const patient = program.command('patient').description('patients (pseudonyms)');
  withCommonOptions(patient.command('erase <pseudonym>'))
    .description('crypto-shred a patient: delete their data key, so their values are unreadable everywhere')
    .option('--json', 'print JSON')
    .action(async (pseudonym: string, flags: Flags) => {
      const r = await withStore(flags, async (store) => {
        const result = await store.erasePatient(pseudonym);
        await appendAudit(store.sql, {
          at: Date.now(),
          actor: 'cli',
          role: 'admin',
          patient: pseudonym,
          resource: 'Patient',
          action: 'erase',
          outcome: 'allowed',
          reason: result.hadKey ? 'data key deleted' : 'no data key held',
        });
        return { patient: pseudonym, erased: true, hadKey: result.hadKey };
      });
      printResult(
        r,
        Boolean(flags.json),
        () =>
          `erased ${pseudonym}${r.hadKey ? '' : ' (no data key was held)'}: its readings stay anchored and verifiable, their values are gone`,
      );
    });

  const audit = program.command('audit').description('the access audit trail');
  withCommonOptions(audit.command('anchor'))
    .description('seal pending audit entries into a batch and anchor pending batches on AuditLog')
    .option('--json', 'print JSON')
    .action(async (flags: Flags) => {
      const r = await withStoreAndChain(flags, (store, chain) =>
        createAccessService({
          db: store.sql,
          consent: createLedgerConsent(chain),
          gatewayId: store.gatewayId,
          chain,
        }).flushAudit(),
      );
      printResult(
        r,
        Boolean(flags.json),
        () =>
          `sealed ${r.sealed === null ? 'nothing' : `batch ${r.sealed}`}; anchored ${r.anchored.length ? r.anchored.join(', ') : 'none'}`,
      );
    });

  audit
    .command('bench')
    .description(
      'measure scrypt, request-time consent checks, audit appends, anchoring and verification (temporary store and chain)',
    )
    .option('--entries <n>', 'audit entries to append', '20000')
    .option('--json', 'print JSON')
    .action(async (flags: Flags) => {
      const entries = Number(flags.entries);
      if (!Number.isInteger(entries) || entries <= 0)
        throw new InvalidArgumentError('--entries must be a positive integer');
      const r = { ...(await benchAccess({ auditEntries: entries })), api: await benchClinicalApi() };
      printResult(r, Boolean(flags.json), () =>
        [
          `machine: ${r.machine.cpus} x ${r.machine.model}, node ${r.machine.node}`,
          `scrypt hash (N=2^15, r=8, p=1): ${r.scryptHashMs} ms`,
          `consent checks (clinician, chain read): ${r.consentChecksPerSecond.toLocaleString('en')}/s`,
          `audit appends: ${r.auditAppendsPerSecond.toLocaleString('en')}/s`,
          `seal + anchor ${r.auditEntries.toLocaleString('en')} entries: ${r.auditSealAnchorMs} ms`,
          `verify audit: ${r.auditVerifyEntriesPerSecond.toLocaleString('en')} entries/s`,
          `GET /v1/Observation (clinician, consent, page of ${r.api.pageSize}, app.inject): ${r.api.searchesPerSecond.toLocaleString('en')}/s (401 baseline ${r.api.unauthenticatedPerSecond.toLocaleString('en')}/s)`,
        ].join('\n'),
      );
    });

  const verify = program.commands.find((c) => c.name() === 'verify') ?? program.command('verify');
  withCommonOptions(verify.command('audit'))
    .description(
      're-derive the audit batches from the audit table and compare with AuditLog (exit 1 when tampered)',
    )
    .option('--json', 'print JSON')
    .action(async (_flags: Flags, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as Flags;
      const r = await withStoreAndChain(flags, (store, chain) =>
        verifyAudit(store.sql, chain, store.gatewayId),
      );
      printResult(r, Boolean(flags.json), () =>
        [
          `${r.ok ? 'INTACT' : 'TAMPERED'}: audit of gateway ${r.gatewayId}, ${r.batches.checked} batches (${r.batches.anchored} anchored, ${r.batches.pending} pending), ${r.entries.checked} entries (${r.entries.unbatched} not batched yet)`,
          ...(r.batches.bad.length ? [`bad batches: ${r.batches.bad.join(', ')}`] : []),
          ...r.issues.map(
            (i) =>
              `  batch ${i.seq} ${i.kind}${i.entryId === undefined ? '' : ` entry ${i.entryId}`}: ${i.detail}`,
          ),
        ].join('\n'),
      );
      if (!r.ok) process.exitCode = 1;
    });
}
