import { Suspense, useEffect, useLayoutEffect } from 'react'
import { startAppCommands } from './app/appCommands'
import { startCoreSync } from './app/coreSync'
import { startNavigation } from './app/navigation'
import { BatchView, ComposePanel, DuelView, GridSetOverlay, LeaderboardView, Overlays } from './app/lazy-views'
import { BatchList } from './features/batches/BatchList'
import { useDesktopHabits } from './features/desktop/useDesktopHabits'
import { startLeaderboardEvents } from './features/leaderboard/leaderboard-events'
import { GalleryView } from './features/gallery/GalleryView'
import { Notices } from './features/queue/Notices'
import { QueueBanner } from './features/queue/QueueBanner'
import { TopBar } from './features/queue/TopBar'
import { modalIsOpen } from './features/dialog/Modal'
import { useBatches } from './stores/batches'
import { useSession } from './stores/session'
import { useSettingsDialog } from './stores/settings'

export function App(): React.JSX.Element {
  // Before the first paint, so a reload of a library or batch URL never flashes the compose screen.
  useLayoutEffect(() => startNavigation(), [])
  useEffect(() => startCoreSync(), [])
  useEffect(() => startAppCommands(), [])
  useEffect(() => startLeaderboardEvents(), [])
  useDesktopHabits()
  useEffect(() => {
    // Ctrl/Cmd+, opens settings, as in most desktop apps.
    function onKey(e: KeyboardEvent): void {
      if (e.key === ',' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && !modalIsOpen()) {
        e.preventDefault()
        useSettingsDialog.getState().show()
      }
    }
    // A file dropped outside the compose page must not replace the app with the file's contents.
    function onFileDrag(e: DragEvent): void {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('dragover', onFileDrag)
    window.addEventListener('drop', onFileDrag)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('dragover', onFileDrag)
      window.removeEventListener('drop', onFileDrag)
    }
  }, [])
  const view = useBatches((s) => s.view)
  const selectedId = useBatches((s) => s.selectedId)
  const bootError = useSession((s) => s.bootError)

  return (
    <div className="app">
      <TopBar />
      {bootError ? (
        <div className="banner banner-error" role="alert">
          <strong>Cannot reach the Soul Batch core.</strong> {bootError}
        </div>
      ) : null}
      <QueueBanner />
      <div className="app-body">
        <BatchList />
        <main className="main">
          {view === 'library' ? (
            <GalleryView />
          ) : (
            <Suspense fallback={null}>
              {view === 'leaderboard' ? (
                <LeaderboardView />
              ) : view === 'duel' ? (
                <DuelView />
              ) : view === 'grid' && selectedId ? (
                <BatchView key={selectedId} batchId={selectedId} />
              ) : (
                <ComposePanel />
              )}
            </Suspense>
          )}
          <GridSetOverlay />
        </main>
      </div>
      <Overlays />
      <Notices />
    </div>
  )
}
