import { Component, type ErrorInfo, type ReactNode } from 'react'
import { CrashScreen } from './CrashScreen'

interface Props {
  children: ReactNode
}
interface State {
  error: Error | null
  componentStack: string | null
}

/**
 * The last line of defence of the window: a render error anywhere below shows the crash screen (Reload, Copy
 * diagnostics) instead of a blank page. Batches are unaffected: the queue lives in the core, not in this window.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, componentStack: null }

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(_error: unknown, info: ErrorInfo): void {
    this.setState({ componentStack: info.componentStack ?? null })
  }

  override render(): ReactNode {
    const { error, componentStack } = this.state
    if (!error) return this.props.children
    return <CrashScreen error={error} componentStack={componentStack} />
  }
}

/**
 * `?crash=render` makes the window throw while rendering, so the crash screen can be seen and tested in a real
 * browser. Harmless in production: only the person at the window can set the address, and all it does is show
 * the screen that a real crash would.
 */
export function CrashOnRequest(): null {
  if (new URLSearchParams(window.location.search).get('crash') === 'render') {
    throw new Error('A test crash requested with ?crash=render')
  }
  return null
}
