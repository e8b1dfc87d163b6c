/**
 * Parses the flat TOML subset Besu configuration files use (`key=value` lines with basic strings,
 * integers, booleans and arrays of strings; `#` comments), failing loudly on anything else so a test
 * notices a malformed file instead of reading past it.
 */
export function parseFlatToml(text: string): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z0-9-]+)\s*=\s*(.+)$/.exec(line);
    if (!match) throw new Error(`line ${i + 1} is not key=value: ${raw}`);
    const [, key, value] = match as unknown as [string, string, string];
    if (key in out) throw new Error(`line ${i + 1}: duplicate key ${key}`);
    if (value === 'true' || value === 'false') out[key] = value === 'true';
    else if (/^-?\d+$/.test(value)) out[key] = Number(value);
    else if (value.startsWith('"') || value.startsWith('[')) {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed) && !parsed.every((v) => typeof v === 'string')) {
        throw new Error(`line ${i + 1}: arrays must hold strings`);
      }
      out[key] = parsed as string | string[];
    } else throw new Error(`line ${i + 1}: unsupported value ${value}`);
  }
  return out;
}
