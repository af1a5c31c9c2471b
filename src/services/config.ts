/** The `config` option (wasi:config/store), checked as Spin checks variable names. */
import { CONFIG_NAME } from '../../shared/config-name.ts';
import type { RunOptions } from '../types.ts';

export { CONFIG_NAME };

/** `config` of RunOptions as name-value pairs; throws a TypeError naming a bad name or value. */
export function configEntries(config: RunOptions['config']): [string, string][] {
  if (config === undefined) return [];
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new TypeError("config must be an object of names to string values, like { api_url: 'https://...' }");
  }
  const entries = Object.entries(config);
  for (const [name, value] of entries) {
    if (!CONFIG_NAME.test(name)) {
      throw new TypeError(
        `config name ${JSON.stringify(name)} is not valid: as in Spin, a name is lowercase letters, digits and ` +
          "underscores, starts with a letter, and has no trailing or double underscore (e.g. 'api_key')",
      );
    }
    if (typeof value !== 'string') {
      throw new TypeError(`config value of '${name}' must be a string; got ${value === null ? 'null' : typeof value}`);
    }
  }
  return entries;
}
