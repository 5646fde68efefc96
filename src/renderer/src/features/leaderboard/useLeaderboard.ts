import { useEffect, useState } from 'react'
import type { Leaderboard, LeaderboardScope } from '@shared/contracts/picks'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import { useJudging } from '../../stores/judging'

export interface LeaderboardState {
  board: Leaderboard | null
  error: string | null
  loading: boolean
}

/** The leaderboard of a scope, fetched again whenever a judgement is made or undone anywhere in the window. */
export function useLeaderboard(scope: LeaderboardScope | null): LeaderboardState {
  const version = useJudging((s) => s.version)
  const [state, setState] = useState<LeaderboardState>({ board: null, error: null, loading: true })
  const key = scope ? JSON.stringify(scope) : ''

  useEffect(() => {
    if (!key) {
      setState({ board: null, error: null, loading: false })
      return
    }
    let live = true
    setState((s) => ({ ...s, loading: true }))
    api
      .call('leaderboard.get', { scope: JSON.parse(key) as LeaderboardScope })
      .then((board) => {
        if (live) setState({ board, error: null, loading: false })
      })
      .catch((error: unknown) => {
        if (live) setState({ board: null, error: messageOf(error), loading: false })
      })
    return () => {
      live = false
    }
  }, [key, version])
  return state
}
