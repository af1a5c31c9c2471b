/**
 * The grant options (`keyValueStores`, `sqliteDatabases`), checked alike: the names of what a
 * component may open, as a Spin component's `key_value_stores` and `sqlite_databases`.
 */

/**
 * `option` checked as a list of names (absent: none, as Spin grants none unless listed), without
 * repeats. `name` is the option's name and `noun` what it lists, for the TypeError when it is wrong.
 */
export function grantedNames(option: unknown, name: string, noun: string): string[] {
  if (option === undefined) return [];
  if (!Array.isArray(option)) {
    throw new TypeError(`${name} must be an array of ${noun} names, like ['default']; got ${describe(option)}`);
  }
  for (const item of option) {
    if (typeof item !== 'string' || item === '') {
      throw new TypeError(`${name} holds ${noun} names (non-empty strings); got ${describe(item)}`);
    }
  }
  return [...new Set(option as string[])];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
