/**
 * Skew detection by projection profiles. Text lines are the strongest
 * horizontal structure on a page: project the dark pixels along a candidate
 * angle and, at the page's true skew, the lines fall into few rows and the
 * profile is most peaked (largest sum of squared row counts). Runs on a
 * downscaled greyscale copy; the stored image is never binarised.
 */

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Pages are scanned within a few degrees of straight; beyond that it is not skew. */
export const MAX_SKEW = 5;
const COARSE_STEP = 0.25;
const FINE_STEP = 0.05;
/** The best angle must beat straight by this factor, or the page has no usable lines (photo, blank). */
const MIN_GAIN = 1.05;
/** Bottom edges of dark runs needed: a lone word or label (~70) cannot fix an angle to half a degree. */
const MIN_POINTS = 200;
const MARGIN = 0.04;

/**
 * Skew of the content in degrees, clockwise positive (text lines running
 * down to the right); 0 when there is nothing to measure or no clear answer.
 */
export function detectSkew(image: GreyImage): number {
  const points = darkPoints(image);
  if (!points) return 0;
  const score = (angle: number) => profileScore(points, image, angle);
  let best = 0;
  let bestScore = score(0);
  const straight = bestScore;
  for (let a = -MAX_SKEW; a <= MAX_SKEW + 1e-9; a += COARSE_STEP) {
    const s = score(a);
    if (s > bestScore) [best, bestScore] = [a, s];
  }
  const coarse = best;
  for (let a = coarse - COARSE_STEP; a <= coarse + COARSE_STEP + 1e-9; a += FINE_STEP) {
    const s = score(a);
    if (s > bestScore) [best, bestScore] = [a, s];
  }
  if (Math.abs(best) >= MAX_SKEW - FINE_STEP || bestScore < straight * MIN_GAIN) return 0;
  return Math.round(best * 100) / 100;
}

interface Points {
  xs: Float32Array;
  ys: Float32Array;
  count: number;
}

/** Dark pixels (Otsu threshold) away from the borders, where scanner edges and shadows sit. */
function darkPoints(image: GreyImage): Points | null {
  const { data, width, height } = image;
  const threshold = otsu(data);
  const x0 = Math.floor(width * MARGIN);
  const y0 = Math.floor(height * MARGIN);
  const area = (width - 2 * x0) * (height - 2 * y0);
  let xs = new Float32Array(4096);
  let ys = new Float32Array(4096);
  let count = 0;
  const n = data.length;
  for (let y = y0; y < height - y0; y++) {
    const row = y * width;
    for (let x = x0; x < width - x0; x++) {
      // Only the bottom edge of dark runs: sharper profiles, a fraction of the points.
      const below = row + width + x;
      if (data[row + x]! < threshold && (below >= n || data[below]! >= threshold)) {
        if (count === xs.length) {
          xs = grow(xs);
          ys = grow(ys);
        }
        xs[count] = x - width / 2;
        ys[count] = y;
        count++;
      }
    }
  }
  if (count < MIN_POINTS || count > area * 0.25) return null;
  return { xs: xs.subarray(0, count), ys: ys.subarray(0, count), count };
}

function grow(array: Float32Array): Float32Array<ArrayBuffer> {
  const bigger = new Float32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function profileScore(points: Points, image: GreyImage, angle: number): number {
  const slope = Math.tan((angle * Math.PI) / 180);
  const pad = Math.ceil((image.width / 2) * Math.tan((MAX_SKEW * Math.PI) / 180)) + 2;
  const bins = new Int32Array(image.height + 2 * pad);
  const { xs, ys, count } = points;
  // Sum of squared bin counts, kept as the bins fill: (b + 1)² − b² = 2b + 1.
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const row = Math.round(ys[i]! - xs[i]! * slope) + pad;
    sum += 2 * bins[row]! + 1;
    bins[row]!++;
  }
  return sum;
}

/** Otsu's threshold: the grey level that best separates ink from paper. */
export function otsu(data: Uint8Array): number {
  const counts = new Uint32Array(256);
  for (let i = 0; i < data.length; i++) counts[data[i]!]!++;
  const histogram = Float64Array.from(counts);
  const total = data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * histogram[i]!;
  let weightBack = 0;
  let sumBack = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    weightBack += histogram[t]!;
    const weightFore = total - weightBack;
    if (weightBack === 0 || weightFore === 0) continue;
    sumBack += t * histogram[t]!;
    const meanBack = sumBack / weightBack;
    const meanFore = (sumAll - sumBack) / weightFore;
    const between = weightBack * weightFore * (meanBack - meanFore) ** 2;
    if (between > best) [best, threshold] = [between, t + 1];
  }
  return threshold;
}
