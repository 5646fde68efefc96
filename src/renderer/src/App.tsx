import { useEffect, useLayoutEffect } from 'react'
import { startAppCommands } from './app/appCommands'
import { startCoreSync } from './app/coreSync'
import { startNavigation } from './app/navigation'
import { BatchList } from './features/batches/BatchList'
import { useDesktopHabits } from './features/desktop/useDesktopHabits'
import { ComposePanel } from './features/compose/ComposePanel'
import { CompareView } from './features/compare/CompareView'
import { DuelView } from './features/duel/DuelView'
import { startLeaderboardEvents } from './features/leaderboard/leaderboard-events'
import { LeaderboardView } from './features/leaderboard/LeaderboardView'
import { GalleryView } from './features/gallery/GalleryView'
import { BatchView } from './features/grid/BatchView'
import { GridSetView } from './features/grid/GridSetView'
import { Lightbox } from './features/lightbox/Lightbox'
import { Notices } from './features/queue/Notices'
import { QueueBanner } from './features/queue/QueueBanner'
import { TopBar } from './features/queue/TopBar'
import { SettingsDialog } from './features/settings/SettingsDialog'
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
          ) : view === 'leaderboard' ? (
            <LeaderboardView />
          ) : view === 'duel' ? (
            <DuelView />
          ) : view === 'grid' && selectedId ? (
            <BatchView key={selectedId} batchId={selectedId} />
          ) : (
            <ComposePanel />
          )}
          <GridSetView />
        </main>
      </div>
      <Lightbox />
      <CompareView />
      <SettingsDialog />
      <Notices />
    </div>
  )
}
