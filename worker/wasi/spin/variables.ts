/** fermyon:spin/variables@2.0.0: the `config` option, as wasi:config/store serves it. */
import { getContext } from '../context.ts';
import { CONFIG_NAME } from '../../../shared/config-name.ts';
import { WasiError } from '../io/error.ts';

/** The value of `name`; `invalid-name` for a name Spin refuses, `undefined` for one not set. */
export function get(name: string): string {
  if (!CONFIG_NAME.test(name)) {
    throw new WasiError({ tag: 'invalid-name', val: `invalid variable name '${name}': lowercase letters, digits and single underscores, a letter first` });
  }
  const found = getContext().config?.find(([key]) => key === name);
  if (!found) throw new WasiError({ tag: 'undefined', val: `no variable for '${name}'` });
  return found[1];
}
