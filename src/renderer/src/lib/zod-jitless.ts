import { z } from 'zod'

// The page's CSP forbids eval, and zod's fast path probes `new Function` when a schema is built, which logs a CSP
// violation. Imported first by each renderer module that brings zod (the event and menu-command checks, the
// compose draft's), which are loaded after start, so it runs before any schema module; the plain interpreter is
// fast enough for the few events a second the page parses.
z.config({ jitless: true })
