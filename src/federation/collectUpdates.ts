import type { FederationClient, RoundTask } from './roundTypes.ts';
import type { ModelUpdate } from './types.ts';

/**
 * Asks every client for its update at once; one that fails or does not answer within `timeoutMs`
 * is dropped from the round, which goes on with the others.
 */
export async function collectUpdates(
  clients: readonly FederationClient[],
  task: RoundTask,
  timeoutMs?: number,
): Promise<{ answers: { client: FederationClient; update: ModelUpdate }[]; dropped: string[] }> {
  const timers: NodeJS.Timeout[] = [];
  const settled = await Promise.allSettled(
    clients.map((client) => {
      const answer = client.train(task);
      if (timeoutMs === undefined) return answer;
      return Promise.race([
        answer,
        new Promise<never>((_, reject) => {
          timers.push(setTimeout(() => reject(new Error('timeout')), timeoutMs));
        }),
      ]);
    }),
  );
  for (const t of timers) clearTimeout(t);
  const answers: { client: FederationClient; update: ModelUpdate }[] = [];
  const dropped: string[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') answers.push({ client: clients[i]!, update: s.value });
    else dropped.push(clients[i]!.hospitalId);
  });
  return { answers, dropped };
}
