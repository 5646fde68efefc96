import { lazy, Suspense, useState } from 'react'
import { useCompare } from '../stores/compare'
import { useGridSet } from '../stores/grid-set'
import { useLightbox } from '../stores/lightbox'
import { useSettingsDialog } from '../stores/settings'

/**
 * Every view but the Library's comes in its own script chunk, loaded when first shown: the script the window
 * parses and runs before its first paint is the app's frame and the Library, which is what a big library opens
 * to (issue 8: first gallery paint < 500 ms). The chunks are local files, so a first visit waits a few ms.
 */
export const ComposePanel = lazy(() =>
  import('../features/compose/ComposePanel').then((m) => ({ default: m.ComposePanel })),
)
export const BatchView = lazy(() => import('../features/grid/BatchView').then((m) => ({ default: m.BatchView })))
export const LeaderboardView = lazy(() =>
  import('../features/leaderboard/LeaderboardView').then((m) => ({ default: m.LeaderboardView })),
)
export const DuelView = lazy(() => import('../features/duel/DuelView').then((m) => ({ default: m.DuelView })))
const GridSetView = lazy(() => import('../features/grid/GridSetView').then((m) => ({ default: m.GridSetView })))
const CompareView = lazy(() => import('../features/compare/CompareView').then((m) => ({ default: m.CompareView })))
const Lightbox = lazy(() => import('../features/lightbox/Lightbox').then((m) => ({ default: m.Lightbox })))
const SettingsDialog = lazy(() =>
  import('../features/settings/SettingsDialog').then((m) => ({ default: m.SettingsDialog })),
)

/** True from the first time `open` is true: an overlay, once loaded, stays mounted (its closing is its own). */
function useOnceOpen(open: boolean): boolean {
  const [opened, setOpened] = useState(open)
  if (open && !opened) setOpened(true)
  return opened || open
}

/** The grid of chosen images, over the main area (it lives inside <main>), mounted from its first opening. */
export function GridSetOverlay(): React.JSX.Element | null {
  const open = useOnceOpen(useGridSet((s) => s.open))
  return open ? (
    <Suspense fallback={null}>
      <GridSetView />
    </Suspense>
  ) : null
}

/** The window-wide overlays (lightbox, compare, settings), each mounted from the first time its store opens it. */
export function Overlays(): React.JSX.Element {
  const lightbox = useOnceOpen(useLightbox((s) => s.cellId !== null))
  const compare = useOnceOpen(useCompare((s) => s.open))
  const settings = useOnceOpen(useSettingsDialog((s) => s.open))
  return (
    <Suspense fallback={null}>
      {lightbox ? <Lightbox /> : null}
      {compare ? <CompareView /> : null}
      {settings ? <SettingsDialog /> : null}
    </Suspense>
  )
}
