export { createSegmindClient, USER_AGENT } from './client'
export type * from './types'
