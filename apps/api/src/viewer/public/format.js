// @ts-check
/** Instants and durations as the page writes them: in UTC, like the data. */

export const MINUTE = 60000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An instant of the API (ISO-8601 text) in milliseconds; null stays null.
 * @overload
 * @param {string} iso
 * @returns {number}
 */
/**
 * @overload
 * @param {string | null} iso
 * @returns {number | null}
 */
/** @param {string | null} iso */
export function ms(iso) { return iso ? Date.parse(iso) : null; }

/** @param {number} n */
function pad(n) { return (n < 10 ? '0' : '') + n; }

/** @param {number} t */
export function clockTime(t) {
  const d = new Date(t);
  const s = d.getUTCSeconds();
  return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + (s ? ':' + pad(s) : '');
}

/** @param {number} t */
export function day(t) { const d = new Date(t); return MONTHS[d.getUTCMonth()] + ' ' + d.getUTCDate(); }

/** @param {number} t */
export function when(t) { return day(t) + ' ' + clockTime(t); }

/**
 * The two largest units, as the findings' sentences say it: "21 min 30 s", "11 h", "2 d 23 h".
 * @param {number | null | undefined} msValue
 */
export function duration(msValue) {
  if (msValue === null || msValue === undefined) return '–';
  /** @type {[string, number][]} */
  const units = [['d', DAY], ['h', HOUR], ['min', MINUTE], ['s', 1000]];
  const rest = Math.round(msValue / 1000) * 1000;
  for (let i = 0; i < units.length; i++) {
    const n = Math.floor(rest / units[i][1]);
    if (n === 0) continue;
    const text = n + ' ' + units[i][0];
    const next = units[i + 1];
    const m = next ? Math.floor((rest - n * units[i][1]) / next[1]) : 0;
    return m > 0 ? text + ' ' + m + ' ' + next[0] : text;
  }
  return '0 s';
}

/** `customer_lost` as `customer lost`. @param {unknown} text */
export function words(text) { return String(text).replace(/_/g, ' '); }
