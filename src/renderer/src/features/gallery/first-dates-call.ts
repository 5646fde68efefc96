import { api } from '../../api'
import { OneEarlyAnswer, startDatesInput, type DatesInput } from '../../model/first-library-page'

/**
 * The Library's first call (day counts and the first tiles), sent while the window is still loading its script
 * and rendering its frame, when it opens on the Library: the core answers in parallel with that work instead of
 * after it (issue 8: first gallery paint < 500 ms). The gallery picks the answer up in its first effect. Imported
 * first by main.tsx, so it runs before React and the app's other modules are evaluated.
 */
const datesCall = new OneEarlyAnswer((input: DatesInput) => api.call('library.dates', input))

const early = startDatesInput(window.location.search, new Date().getTimezoneOffset())
if (early) datesCall.start(early)

/** library.dates for the gallery: the answer asked at start when it was for this input, else a new call. */
export function libraryDates(input: DatesInput): ReturnType<typeof api.call<'library.dates'>> {
  return datesCall.take(input)
}
