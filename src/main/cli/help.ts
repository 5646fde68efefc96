import { PLAN_PRESETS, SOUL_SIZES, SOUL_STYLES } from '@shared/catalog'

/** Help text per command; kept apart from parsing so args.ts stays about rules, not prose. */

const HOME = `  --home DIR          library folder (else $SOUL_BATCH_HOME, else the per-user data folder)`

export const MAIN_HELP = `soul-batch — batch Higgsfield Soul generations on Segmind, from the command line

Usage:
  soul-batch run      prompts x styles (x seeds) -> a batch, run to the end
  soul-batch resume   continue unfinished batches (after Ctrl-C or a crash)
  soul-batch status   one batch as JSON
  soul-batch list     every batch in the library
  soul-batch rename   give a batch a new name
  soul-batch delete   delete a batch (its images go to the trash; undo in the app)
  soul-batch export   a batch's prompts as CSV that "run --csv" reads back

Run "soul-batch <command> --help" for a command's options.

Environment:
  SEGMIND_API_KEY     your Segmind key (wins over one saved in the app's Settings); with neither, the CLI
                      runs in demo mode (a local simulator, no cost)
  SEGMIND_BASE_URL    another API host (default https://api.segmind.com)
  SOUL_BATCH_HOME     library folder
  SOUL_BATCH_DEMO     demo-mode simulator settings as JSON, e.g. {"timeScale":0.01}

Exit codes: 0 every cell saved · 1 some cells failed, unknown or expired · 2 usage or input error · 130 interrupted`

export const RUN_HELP = `Usage: soul-batch run (--prompt TEXT ... | --csv FILE) [options]

Prompts:
  -p, --prompt TEXT   a prompt; repeat for more
  --csv FILE          one prompt per row (see "CSV files" below)
  --skip-invalid      run the valid CSV rows and report the others (default: refuse the file)

Matrix:
  --styles LIST       style names or ids, comma-separated, or "all" (default: Creatures, Segmind's default)
                      ${SOUL_STYLES.map((s) => s.name).join(', ')}
  --seeds N           N seeds per prompt, shared by every style of the prompt (default 1)
  --seeds 7,42,1234   a fixed seed list: every prompt x style once per seed, the same seeds in every row
  --seed S            one fixed seed for every cell (1-1000000)
  --size WxH          ${SOUL_SIZES.join(', ')} (default 1536x2048)
  --quality Q         720p or 1080p (default 1080p)
  --strength X        style strength from 0 to 1 (default 1)
  --enhance           let the model enhance the prompts
  --name TEXT         the batch's name

Queue:
  --concurrency N     jobs in flight at once
  --rpm N             requests per minute the queue may send
  --plan PLAN         free (${PLAN_PRESETS.free} rpm) or pro (${PLAN_PRESETS.pro} rpm), instead of --rpm
  --new               start a new batch even if this exact command already ran to the end
  --budget USD        the batch pauses before the image that would take its spend past USD
  -y, --yes           do not ask when the estimate is above the confirmation threshold (Settings, default
                      $5); needed when stdin is not a terminal
${HOME}
  -q, --quiet         no progress on stderr (alias --json-only); the JSON summary still goes to stdout

Running the same command again resumes its unfinished batch instead of paying twice.
Ctrl-C pauses cleanly: jobs already sent are picked up by the next run.

CSV files: a header row, then one row per prompt. Columns (any case): prompt (required), style, seed, size
(or width_and_height), quality, style_strength, enhance_prompt (true/false, yes/no, 1/0), image_url, tags,
name. Several styles, seeds or tags in one cell are separated by "|" (seed "7|42": one image per seed). Delimiter "," ";" or tab is detected.
A value in a row wins over the flags. Empty cells use the flags.`

export const RESUME_HELP = `Usage: soul-batch resume [BATCH_ID] [options]

Continues one batch, or every unfinished batch when no id is given, and prints one JSON summary per batch
(one per line). Cells whose submit was cut off mid-way ("unknown": the job may or may not exist, and may be
billed) are NOT sent again unless you say so.

  --resend-unknown    send the unknown cells again (each may cost a second time)
  --concurrency N     jobs in flight at once
  --rpm N | --plan P  request budget, as for run
${HOME}
  -q, --quiet         no progress on stderr`

export const STATUS_HELP = `Usage: soul-batch status [BATCH_ID] [--home DIR]

Prints one batch's summary as JSON (the newest batch when no id is given). Sends nothing to Segmind.`

export const LIST_HELP = `Usage: soul-batch list [--json | --table] [--home DIR]

Lists every batch, newest first: a table on a terminal, JSON lines otherwise (or as asked).`

export const MANAGE_HELP = {
  rename: `Usage: soul-batch rename BATCH_ID NEW NAME [--home DIR]

Renames a batch and prints its summary as JSON. Sends nothing to Segmind.`,
  delete: `Usage: soul-batch delete BATCH_ID [--home DIR]

Deletes a batch: it leaves the list, work on it stops, and its images go to the trash. Undo in the app
(the batch's notice) restores it with its images. Prints {"batchId", "trashedImages"} as JSON.`,
  export: `Usage: soul-batch export BATCH_ID [--out FILE] [--home DIR]

Writes the batch's prompts, styles and sizes as CSV (to FILE, else stdout) that "soul-batch run --csv" and the
app's Import CSV read back to the same matrix.`,
} as const
