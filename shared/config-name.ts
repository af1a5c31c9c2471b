/**
 * A name Spin accepts for a variable (wasi:config and fermyon:spin/variables here): lowercase
 * ASCII letters, digits and underscores, starting with a letter, without a trailing or a doubled
 * underscore (`api_key`, `db2_url`).
 */
export const CONFIG_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
