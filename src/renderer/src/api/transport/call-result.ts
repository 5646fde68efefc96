import { APP_ERROR_KINDS, AppError, type AppErrorData } from '@shared/errors'

/**
 * Turns what a host sent back for one call into the data, or throws the AppError it describes. Anything that is
 * not a well-formed result becomes a 'bad_response' error instead of leaking half-parsed data into the UI.
 */
export function unwrapCallResult<T>(body: unknown, callName: string): T {
  if (isRecord(body) && body.ok === true && 'data' in body) return body.data as T
  if (isRecord(body) && body.ok === false && isErrorData(body.error)) throw AppError.from(body.error)
  throw new AppError({ kind: 'bad_response', message: `The app's host sent an unreadable answer to ${callName}.` })
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}

function isErrorData(v: unknown): v is AppErrorData {
  return (
    isRecord(v) &&
    typeof v.message === 'string' &&
    typeof v.kind === 'string' &&
    (APP_ERROR_KINDS as readonly string[]).includes(v.kind)
  )
}
