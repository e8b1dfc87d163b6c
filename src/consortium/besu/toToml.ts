/** A value a Besu configuration file holds: strings, numbers, booleans and string arrays. */
export type TomlValue = string | number | boolean | readonly string[];

/** A TOML line: `key=value`, or a comment (`#` + text) when `key` is null. */
export type TomlLine = [key: string, value: TomlValue] | [key: null, comment: string];

const quote = (s: string) => JSON.stringify(s);

/**
 * Writes flat TOML as Besu reads it (each key is a command-line option without its dashes; strings,
 * paths and URLs quoted; lists as string arrays). JSON string escaping is valid TOML basic-string escaping.
 */
export function toToml(lines: readonly TomlLine[]): string {
  return `${lines
    .map(([key, value]) => {
      if (key === null) return value === '' ? '' : `# ${value}`;
      if (Array.isArray(value)) return `${key}=[${value.map(quote).join(',')}]`;
      return `${key}=${typeof value === 'string' ? quote(value) : String(value)}`;
    })
    .join('\n')}\n`;
}
