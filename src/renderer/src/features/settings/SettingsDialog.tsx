import { SettingsField } from './SettingsField'
import { PLAN_PRESETS } from '@shared/catalog'
import type { Settings } from '@shared/contracts'
import { CONCURRENCY_RANGE, RPM_RANGE, type SettingsForm } from '../../model/settings-form'
import { useNotices } from '../../stores/notices'
import { useSettingsDialog } from '../../stores/settings'
import { Modal } from '../dialog/Modal'
import { ApiKeySection } from './ApiKeySection'
import { AppearanceSection, CostSection } from './CostSection'
import { DemoFaultsSection } from './DemoFaultsSection'
import { useSettingsForm } from './useSettingsForm'
import { ChoiceCards, type Choice } from './ChoiceCards'

const PLANS: Choice<Settings['plan']>[] = [
  { value: 'free', name: 'Free', text: `${PLAN_PRESETS.free} requests / min` },
  { value: 'pro', name: 'Pro', text: `${PLAN_PRESETS.pro} requests / min` },
  { value: 'custom', name: 'Custom', text: 'Your own limit' },
]

const MODES: Choice<Settings['mode']>[] = [
  {
    value: 'async',
    name: 'Async v2 (recommended)',
    text: 'Submit, then check back: many images generate at once.',
  },
  {
    value: 'sync',
    name: 'Sync v1',
    text: 'Each request blocks ~40 s until its image is done.',
  },
]

export function SettingsDialog(): React.JSX.Element | null {
  const open = useSettingsDialog((s) => s.open)
  return open ? <SettingsDialogBody /> : null
}

function SettingsDialogBody(): React.JSX.Element {
  const hide = useSettingsDialog((s) => s.hide)
  const { saved, form, loadError, errors, dirty, saving, change, save } = useSettingsForm()
  const invalid = (['rpm', 'concurrency', 'confirmAbove', 'price', 'dailyCap'] as const).some(
    (k) => errors[k] !== undefined,
  )

  async function onSave(): Promise<void> {
    if (await save()) {
      useNotices.getState().push('info', 'Settings saved.')
      hide()
    }
  }

  const footer = (
    <>
      <div className="modal-foot-note">
        {errors.form ? (
          <span className="form-error" role="alert" data-testid="settings-error">
            {errors.form}
          </span>
        ) : (
          <span className="muted">Saved in this library; applies to the queue at once.</span>
        )}
      </div>
      <button type="button" className="btn" onClick={hide}>
        Cancel
      </button>
      <button
        type="button"
        className="btn btn-primary"
        data-testid="settings-save"
        disabled={!form || !dirty || invalid || saving}
        onClick={() => void onSave()}
      >
        {saving ? 'Saving…' : 'Save'}
      </button>
    </>
  )

  return (
    <Modal
      title="Settings"
      subtitle="Your key, spending limits, request rate and API mode."
      onClose={hide}
      footer={footer}
      testId="settings"
      focusKey={form ? 'ready' : 'loading'}
    >
      {loadError ? (
        <p className="form-error" role="alert">
          Settings could not be loaded: {loadError}
        </p>
      ) : !form ? (
        <p className="muted">Loading…</p>
      ) : (
        <div
          className="settings-form"
          onKeyDown={(e) => {
            // Enter in a number box saves, as in any form.
            if (
              e.key === 'Enter' &&
              e.target instanceof HTMLInputElement &&
              (e.target.type === 'number' || e.target.dataset.money !== undefined)
            ) {
              e.preventDefault()
              if (dirty && !invalid) void onSave()
            }
          }}
        >
          <ApiKeySection price={saved?.pricePerImage ?? 0.2175} />
          <CostSection form={form} errors={errors} change={change} />
          <RateSection form={form} errors={errors} change={change} />
          <ModeSection form={form} change={change} />
          <AppearanceSection form={form} change={change} />
          <DemoFaultsSection />
        </div>
      )}
    </Modal>
  )
}

type Change = (patch: Partial<SettingsForm>) => void

function RateSection(props: {
  form: SettingsForm
  errors: { rpm?: string; concurrency?: string }
  change: Change
}): React.JSX.Element {
  const { form, errors, change } = props
  return (
    <section className="settings-section" aria-labelledby="settings-rate">
      <h3 id="settings-rate" className="settings-heading">
        Rate limit
      </h3>
      <ChoiceCards
        name="plan"
        label="Segmind plan"
        className="choice-cards-3"
        choices={PLANS}
        value={form.plan}
        onChange={(plan) => change({ plan })}
      />
      <p className="settings-hint">The queue never sends faster than this. Match it to your Segmind plan.</p>

      <div className="settings-fields">
        {form.plan === 'custom' ? (
          <NumberField
            id="settings-rpm"
            label="Requests per minute"
            hint="From 1 to 10,000; decimals allowed."
            value={form.rpmText}
            error={errors.rpm}
            min={RPM_RANGE.min}
            max={RPM_RANGE.max}
            step="any"
            onChange={(rpmText) => change({ rpmText })}
          />
        ) : null}
        <NumberField
          id="settings-concurrency"
          label="Max in flight"
          hint="How many images generate at once."
          value={form.concurrencyText}
          error={errors.concurrency}
          min={CONCURRENCY_RANGE.min}
          max={CONCURRENCY_RANGE.max}
          step="1"
          onChange={(concurrencyText) => change({ concurrencyText })}
        />
      </div>

      <label className="switch-row">
        <input
          type="checkbox"
          role="switch"
          className="switch"
          data-testid="settings-gets-count"
          checked={form.getsCountTowardRpm}
          onChange={(e) => change({ getsCountTowardRpm: e.target.checked })}
        />
        <span className="switch-text">
          <span className="switch-label">Polls count toward the rate limit</span>
          <span className="settings-hint">
            Segmind doesn&apos;t document whether status checks count; leaving this on is the safe choice.
          </span>
        </span>
      </label>
    </section>
  )
}

function ModeSection(props: { form: SettingsForm; change: Change }): React.JSX.Element {
  const { form, change } = props
  return (
    <section className="settings-section" aria-labelledby="settings-mode">
      <h3 id="settings-mode" className="settings-heading">
        API mode
      </h3>
      <ChoiceCards
        name="mode"
        label="API mode"
        choices={MODES}
        value={form.mode}
        onChange={(mode) => change({ mode })}
      />
    </section>
  )
}

function NumberField(props: {
  id: string
  label: string
  hint?: string
  value: string
  error: string | undefined
  min: number
  max: number
  step: string
  onChange: (value: string) => void
}): React.JSX.Element {
  const { min, max, step, ...field } = props
  return <SettingsField {...field} input={{ type: 'number', inputMode: 'decimal', min, max, step }} />
}
