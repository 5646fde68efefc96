import { AppError } from '@shared/errors'

/** What to tell a person about a failed call; AppErrors carry a readable message already. */
export function messageOf(error: unknown): string {
  if (AppError.is(error)) return error.message
  if (error instanceof Error && error.message) return error.message
  return 'Something went wrong.'
}
