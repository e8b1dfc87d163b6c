import { zeroAddress, zeroHash } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contractArtifacts,
  GATEWAY_ROLE,
  type Ledger,
  readContract,
  writeContract,
} from '../../src/ledger/index.ts';
import { eventsIn, expectRevert } from '../support/chainAssertions.ts';
import { id } from '../support/ids.ts';
import { as, startDeployedChain, testChainKinds } from '../support/testChains.ts';
import { advanceTime, chainTime } from '../support/time.ts';

const abi = contractArtifacts.consentRegistry.abi;

describe.each(testChainKinds())('ConsentRegistry on %s', (kind) => {
  let chain: Awaited<ReturnType<typeof startDeployedChain>>;
  let patientWallet: Ledger;
  let outsider: Ledger;
  const patient = id('p-0001');
  const clinician = id('clin-42');
  const vitals = id('read:vitals');

  beforeAll(async () => {
    chain = await startDeployedChain(kind);
    patientWallet = await chain.newActor();
    outsider = await chain.newActor();
  });
  afterAll(() => chain?.stop());

  it('grants a scope until an expiry, visible through hasConsent', async () => {
    const expiresAt = (await chainTime(chain.ledger)) + 3600n;
    const receipt = await writeContract(chain.ctx, 'consentRegistry', 'grant', [
      patient,
      clinician,
      vitals,
      expiresAt,
    ]);
    expect(eventsIn(receipt, abi, 'ConsentGranted')[0]?.args).toEqual({
      patient,
      grantee: clinician,
      scope: vitals,
      expiresAt,
    });
    expect(await readContract(chain.ctx, 'consentRegistry', 'hasConsent', [patient, clinician, vitals])).toBe(
      true,
    );
    expect(
      await readContract(chain.ctx, 'consentRegistry', 'hasConsent', [patient, clinician, id('research')]),
    ).toBe(false);
    expect(
      await readContract(chain.ctx, 'consentRegistry', 'getConsent', [patient, clinician, vitals]),
    ).toMatchObject({
      expiresAt,
      revoked: false,
    });
  });

  it('revokes a live consent, and only a live one', async () => {
    const receipt = await writeContract(chain.ctx, 'consentRegistry', 'revoke', [patient, clinician, vitals]);
    expect(eventsIn(receipt, abi, 'ConsentRevoked')[0]?.args).toEqual({
      patient,
      grantee: clinician,
      scope: vitals,
    });
    expect(await readContract(chain.ctx, 'consentRegistry', 'hasConsent', [patient, clinician, vitals])).toBe(
      false,
    );
    await expectRevert(
      writeContract(chain.ctx, 'consentRegistry', 'revoke', [patient, clinician, vitals]),
      'ConsentRegistryNoConsent',
      [patient, clinician, vitals],
    );
  });

  it('lets a consent expire with chain time', async () => {
    const expiresAt = (await chainTime(chain.ledger)) + 60n;
    await writeContract(chain.ctx, 'consentRegistry', 'grant', [patient, clinician, vitals, expiresAt]);
    expect(await readContract(chain.ctx, 'consentRegistry', 'hasConsent', [patient, clinician, vitals])).toBe(
      true,
    );
    await advanceTime(chain.ledger, 120);
    expect(await readContract(chain.ctx, 'consentRegistry', 'hasConsent', [patient, clinician, vitals])).toBe(
      false,
    );
    await expectRevert(
      writeContract(chain.ctx, 'consentRegistry', 'revoke', [patient, clinician, vitals]),
      'ConsentRegistryNoConsent',
      [patient, clinician, vitals],
    );
  });

  it('rejects an expiry in the past and zero values', async () => {
    const now = await chainTime(chain.ledger);
    const error = await writeContract(chain.ctx, 'consentRegistry', 'grant', [
      patient,
      clinician,
      vitals,
      now - 1n,
    ]).catch((e: unknown) => e);
    await expectRevert(Promise.reject(error), 'ConsentRegistryExpiryInPast');
    expect((error as { args: unknown[] }).args[0]).toBe(now - 1n);
    await expectRevert(
      writeContract(chain.ctx, 'consentRegistry', 'grant', [patient, zeroHash, vitals, now + 100n]),
      'ConsentRegistryZeroValue',
      [],
    );
  });

  it('lets a bound patient account act for itself, and nobody else', async () => {
    await expectRevert(
      writeContract(as(chain.ctx, patientWallet), 'consentRegistry', 'grant', [
        patient,
        clinician,
        vitals,
        2n ** 40n,
      ]),
      'ConsentRegistryUnauthorizedAccount',
      [patient, patientWallet.account.address],
    );
    const bound = await writeContract(chain.ctx, 'consentRegistry', 'bindPatientAccount', [
      patient,
      patientWallet.account.address,
    ]);
    expect(eventsIn(bound, abi, 'PatientAccountBound')[0]?.args).toEqual({
      patient,
      account: patientWallet.account.address,
    });
    expect(await readContract(chain.ctx, 'consentRegistry', 'patientAccount', [patient])).toBe(
      patientWallet.account.address,
    );
    await writeContract(as(chain.ctx, patientWallet), 'consentRegistry', 'grant', [
      patient,
      clinician,
      vitals,
      2n ** 40n,
    ]);
    await writeContract(as(chain.ctx, patientWallet), 'consentRegistry', 'revoke', [
      patient,
      clinician,
      vitals,
    ]);
    await expectRevert(
      writeContract(as(chain.ctx, outsider), 'consentRegistry', 'grant', [
        patient,
        clinician,
        vitals,
        2n ** 40n,
      ]),
      'ConsentRegistryUnauthorizedAccount',
      [patient, outsider.account.address],
    );
  });

  it('reserves binding to gateways and refuses a zero patient', async () => {
    await expectRevert(
      writeContract(as(chain.ctx, outsider), 'consentRegistry', 'bindPatientAccount', [
        patient,
        outsider.account.address,
      ]),
      'AccessControlUnauthorizedAccount',
      [outsider.account.address, GATEWAY_ROLE],
    );
    await expectRevert(
      writeContract(chain.ctx, 'consentRegistry', 'bindPatientAccount', [zeroHash, zeroAddress]),
      'ConsentRegistryZeroValue',
    );
  });
});
