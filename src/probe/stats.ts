// Least-squares slope with its 95 % confidence interval (Student's t on n − 2 degrees of freedom): a trend from
// every sample of the window, not a difference of two points that one spike can swing.

export interface Fit {
  n: number;
  /** Units per second. */
  slope: number;
  intercept: number;
  /** The slope's 95 % confidence interval, units per second. */
  low: number;
  high: number;
}

/** Two-sided 97.5 % quantiles of Student's t for 1–30 degrees of freedom (then the normal's 1.96 is close enough). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile(df: number): number {
  return df >= 1 && df <= T975.length ? T975[df - 1] : 1.96;
}

/** The fit of y on x (x in seconds); undefined below three points or when every x is the same. */
export function linearFit(xs: readonly number[], ys: readonly number[]): Fit | undefined {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return undefined;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i] - intercept - slope * xs[i]) ** 2;
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const half = tQuantile(n - 2) * se;
  return { n, slope, intercept, low: slope - half, high: slope + half };
}
