// First: the Library's first call goes out before React and the app's modules are even evaluated.
import './features/gallery/first-dates-call'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { applyStartRoute } from './app/navigation'
import { CrashOnRequest, ErrorBoundary } from './features/crash/ErrorBoundary'
import './styles/base.css'
import './styles/layout.css'
import './styles/compose.css'
import './styles/grid.css'
import './styles/batch-compact.css'
import './styles/tiles.css'
import './styles/lightbox.css'
import './styles/dialogs.css'
import './styles/import.css'
import './styles/priority.css'
import './styles/gallery.css'
import './styles/themes.css'
import './styles/cost.css'

applyStartRoute()
const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <CrashOnRequest />
      <App />
    </ErrorBoundary>
  </StrictMode>,
)
