// Helpers of the benchmark runner: statistics, the table, timeouts.

/**
 * What a row module's measure() returns, one per table row: the samples of each column (one per
 * iteration, the table shows medians) and the target, a ratio of medians measured in this run.
 * @typedef {object} Row
 * @property {string} row      the row's name, e.g. 'startup warm (jspi)'
 * @property {'ms' | 'µs'} unit
 * @property {number[]} ours   wasi-browser
 * @property {number[]} [raw]  the same work done with the raw browser API, where one exists
 * @property {number[]} [shim] the same work done by the peer: preview2-shim's browser build (JSPI),
 *   or the runtime named in `peer`
 * @property {string} [peer]   the peer's name where it is not preview2-shim
 * @property {{ vs: 'raw' | 'shim', max: number }} [target]  met when median(ours)/median(vs) <= max
 * @property {string} [note]   how it was measured, for the JSON
 * @property {Record<string, number[]>} [detail]  more samples for the JSON only (e.g. a breakdown),
 *   written as medians
 */

/** The median of a list of numbers (NaN for an empty list). */
export function median(values) {
  if (!values?.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function formatValue(value, unit) {
  if (value === undefined || Number.isNaN(value)) return '-';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

function formatRatio(value) {
  return value === undefined || Number.isNaN(value) ? '-' : `${value.toFixed(2)}x`;
}

/**
 * A row's samples -> medians, ratios and whether its target is met.
 * @param {Row} row
 */
export function summarize(row) {
  const ours = median(row.ours);
  const raw = row.raw ? median(row.raw) : undefined;
  const shim = row.shim ? median(row.shim) : undefined;
  const oursOverRaw = raw === undefined ? undefined : ours / raw;
  const oursOverShim = shim === undefined ? undefined : ours / shim;
  let met;
  if (row.target) {
    const ratio = row.target.vs === 'raw' ? oursOverRaw : oursOverShim;
    met = ratio !== undefined && ratio <= row.target.max;
  }
  return {
    row: row.row,
    unit: row.unit,
    ours,
    raw,
    shim,
    oursOverRaw,
    oursOverShim,
    peer: row.shim ? (row.peer ?? 'preview2-shim') : undefined,
    target: row.target ? `ours/${row.target.vs} <= ${+row.target.max.toFixed(2)}` : undefined,
    met,
    note: row.note,
    detail: row.detail && Object.fromEntries(Object.entries(row.detail).map(([k, v]) => [k, median(v)])),
    // The fastest sample of each column: on a loaded machine, what each side can do.
    best: { ours: Math.min(...row.ours), raw: row.raw && Math.min(...row.raw), shim: row.shim && Math.min(...row.shim) },
    samples: { ours: row.ours, raw: row.raw, shim: row.shim },
  };
}

/** The summaries as a text table, and which peer each row's peer column is. */
export function table(summaries) {
  const header = ['row', 'ours', 'raw', 'peer', 'ours/raw', 'ours/peer', 'target', 'met'];
  const lines = summaries.map((s) => [
    s.row,
    formatValue(s.ours, s.unit),
    formatValue(s.raw, s.unit),
    formatValue(s.shim, s.unit),
    formatRatio(s.oursOverRaw),
    formatRatio(s.oursOverShim),
    s.target ?? '-',
    s.met === undefined ? '-' : s.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  // The peer column's runtime: preview2-shim, unless a row names another.
  const others = summaries.filter((s) => s.peer && s.peer !== 'preview2-shim');
  const legend = [...new Set(others.map((s) => s.peer))].map((peer) => {
    const names = others.filter((s) => s.peer === peer).map((s) => s.row);
    let prefix = names[0];
    for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
    return `peer of ${names.length > 1 && prefix.trim() ? `the "${prefix.trim()} ..." rows` : names.join(', ')}: ${peer}`;
  });
  if (summaries.some((s) => s.peer === 'preview2-shim')) legend.push(`peer${legend.length ? ' elsewhere' : ''}: preview2-shim`);
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format), ...legend].join('\n');
}

/** Reject with a clear message when `promise` takes longer than `ms`. */
export function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
