import type { StoreContext } from '../context.ts';

/** Sets a key/value (e.g. the last chain block the registry cache processed). */
export async function setMeta(ctx: StoreContext, key: string, value: string): Promise<void> {
  await ctx.driver.run(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, value],
  );
}

/** Reads a key/value; null when unset. */
export async function getMeta(ctx: StoreContext, key: string): Promise<string | null> {
  const [row] = await ctx.driver.rows('SELECT value FROM meta WHERE key = ?', [key]);
  return row ? (row[0] as string) : null;
}
