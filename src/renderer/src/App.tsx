import { useEffect } from 'react'
import { startCoreSync } from './app/coreSync'
import { BatchList } from './features/batches/BatchList'
import { ComposePanel } from './features/compose/ComposePanel'
import { BatchView } from './features/grid/BatchView'
import { Lightbox } from './features/lightbox/Lightbox'
import { Notices } from './features/queue/Notices'
import { QueueBanner } from './features/queue/QueueBanner'
import { TopBar } from './features/queue/TopBar'
import { useBatches } from './stores/batches'
import { useSession } from './stores/session'

export function App(): React.JSX.Element {
  useEffect(() => startCoreSync(), [])
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
          {view === 'grid' && selectedId ? (
            <BatchView key={selectedId} batchId={selectedId} />
          ) : (
            <ComposePanel />
          )}
        </main>
      </div>
      <Lightbox />
      <Notices />
    </div>
  )
}
