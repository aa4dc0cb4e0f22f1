/** The metrics that differ between two journeys, as dot-separated paths with their values before and after. */
export interface MetricDeltaValue {
  readonly metric: string;
  readonly before: unknown;
  readonly after: unknown;
}

export function metricDeltas(before: object | null, after: object, prefix = ''): MetricDeltaValue[] {
  const deltas: MetricDeltaValue[] = [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const key of keys) {
    const [was, is] = [(before as Record<string, unknown> | null)?.[key], (after as Record<string, unknown>)[key]];
    const metric = `${prefix}${key}`;
    if (isRecord(was) && isRecord(is)) deltas.push(...metricDeltas(was, is, `${metric}.`));
    else if (JSON.stringify(was) !== JSON.stringify(is)) deltas.push({ metric, before: was ?? null, after: is ?? null });
  }
  return deltas;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
