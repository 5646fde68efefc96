import type { z } from 'zod'
import { contracts, type CallName } from '@shared/contracts'
import type { CallResult } from '@shared/contracts/bridge'
import { AppError, asAppError, redactSecrets, redactStrings, toErrorData, type AppErrorData } from '@shared/errors'
import type { Core, Logger } from '../core-types'
import { isBigMatrixInput, parseBigMatrixInput } from './matrix-input'

/** What a transport knows about itself that the core does not (which host the UI runs in, which secrets to scrub). */
export interface DispatchContext {
  host: 'electron' | 'browser'
  /** Values that must never reach the UI even if a lower layer let one slip (the API key). */
  secrets?: readonly string[]
  log?: Pick<Logger, 'error'>
}

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(contracts, name)
}

/**
 * The one path from any transport (Electron IPC, HTTP) into the core: unknown names are refused, the input is
 * validated against the call's contract, and whatever is thrown comes back as AppError data — never a stack
 * trace, never the key.
 */
export async function dispatch(
  core: Pick<Core, 'handlers' | 'redact'>,
  name: string,
  rawInput: unknown,
  ctx: DispatchContext,
): Promise<CallResult<unknown>> {
  // The host's secrets and the core's own: answers carry stored server text (a cell's error detail, its request id).
  const scrub = (text: string): string => core.redact(redactSecrets(text, ctx.secrets))
  if (!isCallName(name)) {
    return fail(new AppError({ kind: 'not_found', message: `Unknown call "${name}".` }), scrub)
  }
  const schema = contracts[name].input
  // A matrix of thousands of prompts is validated in slices (matrix-input.ts); everything else in one parse.
  const parsed = isBigMatrixInput(schema, rawInput)
    ? await parseBigMatrixInput(rawInput)
    : schema.safeParse(rawInput ?? {})
  if (!parsed.success) return fail(validationError(parsed.error), scrub)
  try {
    // Each handler takes its own contract's parsed input; the name check above ties the pair together at runtime.
    const handler = core.handlers[name] as (input: unknown) => unknown
    const data = await handler(parsed.data)
    const answer = name === 'app.info' ? { ...(data as object), host: ctx.host } : data
    const checked = scrubWithText(answer, scrub)
    const result: CallResult<unknown> = { ok: true, data: checked.answer }
    if (checked.json !== undefined) resultTexts.set(result, `{"ok":true,"data":${checked.json}}`)
    return result
  } catch (e) {
    const error = asAppError(e)
    if (error.kind === 'internal') ctx.log?.error(`call ${name} failed`, { message: scrub(error.message) })
    return fail(error, scrub)
  }
}

/**
 * redactStrings(answer, scrub), without walking and copying the answer when its JSON text holds no secret (the
 * usual case). Equivalent: JSON escapes a string character by character, so a string holding a secret puts that
 * secret's JSON-escaped spelling (one of the forms scrub looks for) into the text, and the encoded spellings have
 * no character JSON escapes. The walk cost ~100 ms of the host's loop for a 10 000-row CSV answer; the text
 * costs a few ms. An answer JSON cannot write (a cycle) is walked as before.
 */
export function scrubAnswer<T>(answer: T, scrub: (text: string) => string): T {
  return scrubWithText(answer, scrub).answer
}

/** scrubAnswer, and the answer's JSON text when it was passed on unchanged (the text is then the answer's). */
function scrubWithText<T>(answer: T, scrub: (text: string) => string): { answer: T; json?: string } {
  let json: string | undefined
  try {
    json = JSON.stringify(answer)
  } catch {
    json = undefined
  }
  // A backslash: some string needed escaping, and a short secret's escaped spelling is not among the forms scrub
  // looks for (forms under 8 characters are skipped); those answers are walked.
  if (json !== undefined && !json.includes('\\') && scrub(json) === json) return { answer, json }
  return { answer: redactStrings(answer, scrub) }
}

/** A dispatched result's JSON text, where the answer's was already written (dispatch). */
const resultTexts = new WeakMap<object, string>()

/**
 * A call result as JSON text for the HTTP transport: the text scrubAnswer already wrote when it checked the answer
 * (a 10 000-row answer is written once, not twice), else written here.
 */
export function callResultJson(result: CallResult<unknown>): string {
  return resultTexts.get(result) ?? JSON.stringify(result)
}

function fail(error: AppError, scrub: (text: string) => string): { ok: false; error: AppErrorData } {
  return { ok: false, error: redactStrings(toErrorData(error), scrub) }
}

/** A zod failure as a validation AppError whose message names the first problem by its field path. */
export function validationError(error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }))
  const first = issues[0]
  const head = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'invalid input'
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : ''
  return new AppError({ kind: 'validation', message: head + more, issues })
}

/** ['matrix', 'prompts', 0, 'prompt'] -> 'matrix.prompts[0].prompt' */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else out += (out ? '.' : '') + String(seg)
  }
  return out
}
