import type { AccessDb } from '../../src/access/index.ts';
import { type CreateUserParameters, createUser } from '../../src/access/index.ts';
import type { VigilApp } from '../../src/api/index.ts';

/** Creates users and signs each one in through the API; returns their bearer tokens by username. */
export async function createSignedInUsers(
  app: VigilApp,
  db: AccessDb,
  users: readonly CreateUserParameters[],
): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const u of users) {
    await createUser(db, u);
    const r = await app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { username: u.username, password: u.password },
    });
    tokens[u.username] = r.json().access_token;
  }
  return tokens;
}
