import { Type } from '@sinclair/typebox';
import { type AccessService, listDirectory } from '../../access/index.ts';
import type { VigilApp } from '../buildApp.ts';
import { BEARER, ERRORS, principalOf } from './accessSupport.ts';

const Entry = Type.Object({
  kind: Type.Union([Type.Literal('clinician'), Type.Literal('organisation')]),
  grantee: Type.String({ description: 'the consent grantee id' }),
  name: Type.String(),
  organisation: Type.Optional(Type.String()),
  organisationName: Type.Optional(Type.String()),
});

/** `GET /v1/directory`: the clinicians and organisations a patient can grant consent to, by name. */
export async function directoryRoutes(app: VigilApp, options: { access: AccessService }): Promise<void> {
  const { access } = options;
  app.get(
    '/v1/directory',
    {
      schema: {
        tags: ['access'],
        summary: 'Clinicians and organisations that can receive consent (names, organisation)',
        description:
          'Any signed-in user. Consent to a grantee outside this list is refused (VIGIL_CONSENT_GRANTEE_UNKNOWN).',
        security: BEARER,
        response: { 200: Type.Object({ entries: Type.Array(Entry) }), ...ERRORS },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const entries = await listDirectory(access.db);
      await access.audit({
        actor: p.username,
        role: p.role,
        patient: null,
        resource: 'directory',
        action: 'search',
        outcome: 'allowed',
        reason: `${entries.length} entries`,
      });
      return { entries };
    },
  );
}
