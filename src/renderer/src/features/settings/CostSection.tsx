import { SettingsField } from './SettingsField'
import { useState } from 'react'
import type { Settings } from '@shared/contracts'
import { api } from '../../api'
import type { SettingsErrors, SettingsForm } from '../../model/settings-form'
import { ChoiceCards, type Choice } from './ChoiceCards'

type Change = (patch: Partial<SettingsForm>) => void

/** Cost safety: when to ask before generating, the price estimates use, and a ceiling on a day's spend. */
export function CostSection(props: { form: SettingsForm; errors: SettingsErrors; change: Change }): React.JSX.Element {
  const { form, errors, change } = props
  return (
    <section className="settings-section" aria-labelledby="settings-cost">
      <h3 id="settings-cost" className="settings-heading">
        Spending
      </h3>
      <div className="settings-fields">
        <MoneyField
          id="settings-confirm-above"
          label="Ask before batches above"
          hint="Generate asks for confirmation above this estimate; 0 asks every time."
          value={form.confirmAboveText}
          error={errors.confirmAbove}
          onChange={(confirmAboveText) => change({ confirmAboveText })}
        />
        <MoneyField
          id="settings-price"
          label="Price per image"
          hint="USD. Used for estimates, and for spend when Segmind reports no cost."
          value={form.priceText}
          error={errors.price}
          onChange={(priceText) => change({ priceText })}
        />
        <MoneyField
          id="settings-daily-cap"
          label="Daily spending cap"
          hint="The queue pauses before today's spend would pass it. Empty: no cap."
          placeholder="No cap"
          value={form.dailyCapText}
          error={errors.dailyCap}
          onChange={(dailyCapText) => change({ dailyCapText })}
        />
      </div>
    </section>
  )
}

function MoneyField(props: {
  id: string
  label: string
  hint: string
  placeholder?: string
  value: string
  error: string | undefined
  onChange: (value: string) => void
}): React.JSX.Element {
  const { placeholder, ...field } = props
  return <SettingsField {...field} input={{ inputMode: 'decimal', 'data-money': '', placeholder }} />
}

const THEMES: Choice<Settings['theme']>[] = [
  { value: 'system', name: 'System', text: 'Follow the computer' },
  { value: 'light', name: 'Light', text: 'For daylight' },
  { value: 'dark', name: 'Dark', text: 'For judging images' },
]

export function AppearanceSection(props: { form: SettingsForm; change: Change }): React.JSX.Element {
  return (
    <section className="settings-section" aria-labelledby="settings-appearance">
      <h3 id="settings-appearance" className="settings-heading">
        Appearance
      </h3>
      <ChoiceCards
        name="theme"
        label="Theme"
        className="choice-cards-3"
        choices={THEMES}
        value={props.form.theme}
        onChange={(theme) => props.change({ theme })}
      />
      <NotificationPermission />
    </section>
  )
}

/** Browser mode needs the person's yes before a batch's end can be announced outside the window. */
function NotificationPermission(): React.JSX.Element | null {
  const [permission, setPermission] = useState(() =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  )
  // The desktop app's main process sends system notifications itself (electron/desktop-habits.ts): nothing to allow.
  if (api.host === 'electron')
    return (
      <div className="key-check">
        <span className="settings-hint">
          The desktop app tells you with a system notification when a batch finishes or the queue pauses on its own.
        </span>
      </div>
    )
  if (permission === 'unsupported') return null
  return (
    <div className="key-check">
      {permission === 'granted' ? (
        <span className="settings-hint">Notifications are on: you hear when a batch finishes or the queue pauses.</span>
      ) : permission === 'denied' ? (
        <span className="settings-hint">
          Notifications are blocked for this page; allow them in the browser to be told.
        </span>
      ) : (
        <>
          <button
            type="button"
            className="btn"
            onClick={() => void Notification.requestPermission().then((p) => setPermission(p))}
          >
            Allow notifications
          </button>
          <span className="settings-hint">To be told when a batch finishes or the queue pauses on its own.</span>
        </>
      )}
    </div>
  )
}
