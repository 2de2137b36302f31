/** Where a point's label goes relative to its dot. */
export type LabelSide = 'right' | 'left' | 'top' | 'bottom';

export interface PlacedPoint {
  x: number;
  y: number;
  /** Radius of the dot in pixels. */
  r: number;
  text: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const GAP = 6;
const LINE = 15;

/** Rough width of a label in pixels: CJK characters are about a font size wide, Latin about half. */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? fontSize : fontSize * 0.56;
  return w;
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Picks a side for each label so that labels avoid each other, the other dots and the frame's
 * edges and the given obstacles (greedy, biggest dots first). Returns the side per point, in the input order.
 */
export function placeLabels(points: PlacedPoint[], frame: Box, maxWidth: number, fontSize: number, obstacles: Box[] = []): LabelSide[] {
  const sizes = points.map((p) => {
    const full = textWidth(p.text, fontSize);
    const w = Math.min(full, maxWidth);
    return { w, h: Math.ceil(full / maxWidth) * LINE };
  });
  const dots: Box[] = points.map((p) => ({ x: p.x - p.r, y: p.y - p.r, w: 2 * p.r, h: 2 * p.r }));
  const placed: Box[] = [...obstacles];
  const sides: LabelSide[] = points.map(() => 'right');
  const order = points.map((_p, i) => i).sort((a, b) => points[b]!.r - points[a]!.r);
  const midX = frame.x + frame.w / 2;
  for (const i of order) {
    const p = points[i]!;
    const { w, h } = sizes[i]!;
    const candidates: [LabelSide, Box][] = [
      ['right', { x: p.x + p.r + GAP, y: p.y - h / 2, w, h }],
      ['left', { x: p.x - p.r - GAP - w, y: p.y - h / 2, w, h }],
      ['top', { x: p.x - w / 2, y: p.y - p.r - GAP - h, w, h }],
      ['bottom', { x: p.x - w / 2, y: p.y + p.r + GAP, w, h }],
    ];
    // Away from the middle first, so labels point outwards when nothing is in the way.
    if (p.x > midX) [candidates[0], candidates[1]] = [candidates[1]!, candidates[0]!];
    let best: LabelSide = candidates[0]![0];
    let bestScore = Infinity;
    candidates.forEach(([side, box], rank) => {
      let score = rank * 0.5;
      for (const other of placed) score += overlap(box, other) * 3;
      dots.forEach((d, j) => {
        if (j !== i) score += overlap(box, d) * 2;
      });
      const outside = w * h - overlap(box, frame);
      score += outside * 4;
      if (score < bestScore) {
        bestScore = score;
        best = side;
      }
    });
    sides[i] = best;
    placed.push(candidates.find(([s]) => s === best)![1]);
  }
  return sides;
}
