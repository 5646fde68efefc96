/**
 * Which pair of styles to show next in duel mode: the one whose next judgement teaches the leaderboard most.
 *
 * A judgement between styles a and b is most informative when the outcome is least predictable (their strengths
 * are close: p(1-p) is largest at p = 1/2, the Fisher information of one Bradley-Terry comparison) and when the
 * pair has been judged least (the information already gathered about it is n·p(1-p), so the share a new one adds
 * shrinks as 1/(1+n)). Ties in that score go to the pair first in style order, so the choice is reproducible.
 */
export interface StyleStrength {
  style: string
  strength: number
}

export interface StylePair {
  a: string
  b: string
  /** The expected information of one more judgement, relative to a first judgement of two equal styles. */
  value: number
}

/** `counts` maps a pair key (see pairKey) to how many judgements it already has. */
export function duelOrder(
  strengths: readonly StyleStrength[],
  counts: ReadonlyMap<string, number>,
  pairKey: (a: string, b: string) => string,
): StylePair[] {
  const pairs: (StylePair & { order: number })[] = []
  let order = 0
  for (let i = 0; i < strengths.length; i++) {
    for (let j = i + 1; j < strengths.length; j++) {
      const x = strengths[i]
      const y = strengths[j]
      if (!x || !y || x.style === y.style) continue
      const p = x.strength / (x.strength + y.strength)
      const n = counts.get(pairKey(x.style, y.style)) ?? 0
      pairs.push({ a: x.style, b: y.style, value: (4 * p * (1 - p)) / (1 + n), order: order++ })
    }
  }
  pairs.sort((u, v) => v.value - u.value || u.order - v.order)
  return pairs.map(({ a, b, value }) => ({ a, b, value }))
}
