// @ts-check
/** The chart's measures and colours, shared by the axis, the lanes, the pins and the legend. */
import { HOUR } from './format.js';

/** Quieter than this between two moments: draw a break in the axis. */
export const GAP_MS = 2 * HOUR;
export const GAP_PX = 84;
export const LABEL_W = 190;
export const RIGHT_PAD = 56;
export const AXIS_H = 44;
export const LANE_H = 64;

/** @type {Readonly<Record<string, number>>} */
export const SEVERITY_RANK = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };

export const COLOURS = {
  queue: '#b8c2cf',
  talk: '#3f74c9',
  hold: '#f2a93b',
  holdNoConsent: '#d6332a',
  transfer: '#7048e8',
  kept: '#2e9a4b',
  broken: '#d6332a',
  pending: '#8a96a6',
  caseBar: '#dfe5ee',
  now: '#1d2330',
};

/** @type {Readonly<Record<string, string>>} */
export const SEVERITY_COLOURS = { critical: '#7a0f1c', high: '#d6332a', medium: '#ec8a12', low: '#c9a100', info: '#2e9a4b' };
