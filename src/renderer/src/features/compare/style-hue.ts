import { SOUL_STYLES } from '@shared/catalog'

/** The colour that stands for a style, found by the name a compare item carries (grey for an unknown one). */
export function hueOfStyleName(name: string): number {
  return SOUL_STYLES.find((s) => s.name === name)?.hue ?? 220
}
