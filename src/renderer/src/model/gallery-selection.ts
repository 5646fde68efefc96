/**
 * Multi-select over the gallery's order, as file managers do it: a click selects one, Ctrl/Cmd+click toggles one,
 * Shift+click selects the range from the anchor (the last plain or Ctrl click), Ctrl+Shift+click adds that range.
 * The keyboard follows the same rules with the focused tile standing in for the click. Pure: the order is the
 * ids the gallery has loaded, in display order.
 */
export interface Selection {
  ids: ReadonlySet<string>
  /** Where a Shift range starts. */
  anchor: string | null
  /** The tile the keyboard acts on. */
  focus: string | null
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null, focus: null }

export interface Modifiers {
  shift: boolean
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  toggle: boolean
}

function range(order: readonly string[], a: string, b: string): string[] {
  const i = order.indexOf(a)
  const j = order.indexOf(b)
  if (i === -1 || j === -1) return [b]
  return order.slice(Math.min(i, j), Math.max(i, j) + 1)
}

export function clickSelect(sel: Selection, order: readonly string[], id: string, mods: Modifiers): Selection {
  if (mods.shift && sel.anchor !== null) {
    const span = range(order, sel.anchor, id)
    const ids = mods.toggle ? new Set([...sel.ids, ...span]) : new Set(span)
    return { ids, anchor: sel.anchor, focus: id }
  }
  if (mods.toggle) {
    const ids = new Set(sel.ids)
    if (ids.has(id)) ids.delete(id)
    else ids.add(id)
    return { ids, anchor: id, focus: id }
  }
  return { ids: new Set([id]), anchor: id, focus: id }
}

/**
 * Moves the focus by `step` places in the order (±1 for left/right, ±columns for up/down), clamped to the ends.
 * With Shift the selection becomes the range from the anchor to the new focus; without, the focus alone is
 * selected, as a plain click would.
 */
export function moveFocus(sel: Selection, order: readonly string[], step: number, shift: boolean): Selection {
  if (order.length === 0) return sel
  const at = sel.focus === null ? -1 : order.indexOf(sel.focus)
  const next = at === -1 ? (step >= 0 ? 0 : order.length - 1) : Math.max(0, Math.min(order.length - 1, at + step))
  const id = order[next]!
  if (shift) {
    const anchor = sel.anchor ?? sel.focus ?? id
    return { ids: new Set(range(order, anchor, id)), anchor, focus: id }
  }
  return { ids: new Set([id]), anchor: id, focus: id }
}

/** Space: toggles the focused tile without moving. */
export function toggleFocused(sel: Selection): Selection {
  if (sel.focus === null) return sel
  const ids = new Set(sel.ids)
  if (ids.has(sel.focus)) ids.delete(sel.focus)
  else ids.add(sel.focus)
  return { ...sel, ids, anchor: sel.focus }
}

export function selectAll(sel: Selection, order: readonly string[]): Selection {
  return { ids: new Set(order), anchor: order[0] ?? null, focus: sel.focus ?? order[0] ?? null }
}

/** After a refresh or a move to the trash, forget ids that are no longer shown. */
export function keepShown(sel: Selection, shown: ReadonlySet<string>): Selection {
  const ids = [...sel.ids].filter((id) => shown.has(id))
  if (ids.length === sel.ids.size && (sel.focus === null || shown.has(sel.focus))) return sel
  return {
    ids: new Set(ids),
    anchor: sel.anchor !== null && shown.has(sel.anchor) ? sel.anchor : null,
    focus: sel.focus !== null && shown.has(sel.focus) ? sel.focus : null,
  }
}

/** The selection in display order (bulk actions and "Open as grid" keep the order the person sees). */
export function selectedInOrder(sel: Selection, order: readonly string[]): string[] {
  return order.filter((id) => sel.ids.has(id))
}
