import { useEffect, useState } from 'react'
import type { Settings } from '@shared/contracts'
import { AppError } from '@shared/errors'
import { api } from '../../api'
import { messageOf } from '../../lib/errors'
import {
  buildSettingsPatch,
  checkSettingsForm,
  errorsFromIssues,
  formDiffers,
  formFromSettings,
  hasSettingsErrors,
  type SettingsErrors,
  type SettingsForm,
} from '../../model/settings-form'
import { usePreferences } from '../../stores/preferences'
import { useSession } from '../../stores/session'

export interface SettingsFormState {
  saved: Settings | null
  form: SettingsForm | null
  loadError: string | null
  /** Client problems (live) merged over what the server refused at the last save. */
  errors: SettingsErrors
  dirty: boolean
  saving: boolean
  change(patch: Partial<SettingsForm>): void
  /** Resolves true when the core accepted the settings. */
  save(): Promise<boolean>
}

export function useSettingsForm(): SettingsFormState {
  const [saved, setSaved] = useState<Settings | null>(null)
  const [form, setForm] = useState<SettingsForm | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [serverErrors, setServerErrors] = useState<SettingsErrors>({})
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    let stale = false
    api
      .call('settings.get', {})
      .then((s) => {
        if (stale) return
        setSaved(s)
        setForm(formFromSettings(s))
      })
      .catch((error: unknown) => {
        if (!stale) setLoadError(messageOf(error))
      })
    return () => {
      stale = true
    }
  }, [])

  const clientErrors = form ? checkSettingsForm(form) : {}
  const errors = { ...serverErrors, ...clientErrors }

  function change(patch: Partial<SettingsForm>): void {
    if (!form) return
    setForm({ ...form, ...patch })
    // What the server refused was about the old values; a new value deserves a fresh check.
    setServerErrors({})
  }

  async function save(): Promise<boolean> {
    if (!form || saving || hasSettingsErrors(checkSettingsForm(form))) return false
    setSaving(true)
    setServerErrors({})
    try {
      const next = await api.call('settings.update', buildSettingsPatch(form))
      setSaved(next)
      setForm(formFromSettings(next))
      usePreferences.getState().setTheme(next.theme)
      // The top bar shows the new rate at once instead of waiting for the queue event (which also comes).
      void api
        .call('queue.status', {})
        .then((queue) => useSession.getState().setQueue(queue))
        .catch(() => undefined)
      return true
    } catch (error) {
      if (AppError.is(error) && error.issues && error.issues.length > 0) setServerErrors(errorsFromIssues(error.issues))
      else setServerErrors({ form: messageOf(error) })
      return false
    } finally {
      setSaving(false)
    }
  }

  return {
    saved,
    form,
    loadError,
    errors,
    dirty: form !== null && saved !== null && formDiffers(form, saved),
    saving,
    change,
    save,
  }
}
