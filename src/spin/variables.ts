/**
 * Spin's variables: the app's `[variables]` take their values from the `variables` option (else
 * their default), and a component's `variables` are templates over them (`"{{ api_host }}/v1"`),
 * resolved once, when the app starts.
 */
import { CONFIG_NAME } from '../../shared/config-name.ts';
import type { SpinVariable } from './manifest.ts';

/**
 * The value of every app variable: `given` (the `variables` option) first, then the default.
 * Throws naming a required variable without a value, or a given name the app does not declare.
 */
export function appVariables(declared: Record<string, SpinVariable>, given: Record<string, string> = {}): Record<string, string> {
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new TypeError("variables must be an object of names to string values, like { api_key: '...' }");
  }
  for (const [name, value] of Object.entries(given)) {
    if (!(name in declared)) throw new Error(`variables: "${name}" is not declared in the manifest's [variables]`);
    if (typeof value !== 'string') throw new TypeError(`variables: the value of "${name}" must be a string`);
  }
  const out: Record<string, string> = {};
  for (const [name, variable] of Object.entries(declared)) {
    const value = given[name] ?? variable.default;
    if (value === undefined) throw new Error(`spin.toml: variable "${name}" is required: give it in the \`variables\` option`);
    out[name] = value;
  }
  return out;
}

/**
 * `template` with each `{{ name }}` replaced by the app variable's value. Throws naming a
 * variable the app does not declare, or a `{{` left open.
 */
export function expandTemplate(template: string, values: Record<string, string>, where: string): string {
  let out = '';
  let rest = template;
  for (;;) {
    const open = rest.indexOf('{{');
    if (open < 0) return out + rest;
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) throw new Error(`spin.toml: ${where}: "{{" without "}}" in "${template}"`);
    const name = rest.slice(open + 2, close).trim();
    if (!CONFIG_NAME.test(name)) throw new Error(`spin.toml: ${where}: "{{ ${name} }}" is not a variable name`);
    if (!(name in values)) throw new Error(`spin.toml: ${where} uses the variable "${name}", which [variables] does not declare`);
    out += rest.slice(0, open) + values[name];
    rest = rest.slice(close + 2);
  }
}
