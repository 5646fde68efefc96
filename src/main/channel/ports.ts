import type { ChildProcess } from 'node:child_process'
import type { MessagePort as NodeMessagePort, Worker } from 'node:worker_threads'
import type { ChannelPort } from './messages'

/**
 * Adapters from each runtime's message pipe to ChannelPort, so serveCore/connectCore are the same code under
 * Electron (utilityProcess) and in Node (child process, worker thread), where tests run them for real.
 */

/** Electron's utility-process side: `process.parentPort` (a MessagePortMain; messages arrive as { data }). */
export interface ParentPortLike {
  postMessage(message: unknown): void
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown
  off(event: 'message', listener: (e: { data: unknown }) => void): unknown
}

export function parentPortChannel(port: ParentPortLike): ChannelPort {
  return {
    post: (m) => port.postMessage(m),
    onMessage(listener) {
      const h = (e: { data: unknown }): void => listener(e.data)
      port.on('message', h)
      return () => port.off('message', h)
    },
  }
}

/** Electron's main side of a utility process: `utilityProcess.fork()` returns one of these. */
export interface UtilityChildLike {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  off(event: 'message', listener: (message: unknown) => void): unknown
}

export function utilityChildChannel(child: UtilityChildLike): ChannelPort {
  return {
    post: (m) => child.postMessage(m),
    onMessage(listener) {
      child.on('message', listener)
      return () => child.off('message', listener)
    },
  }
}

/** Inside a Node child process started with fork(): the IPC pipe to the parent. */
export function processChannel(proc: NodeJS.Process = process): ChannelPort {
  if (typeof proc.send !== 'function') throw new Error('This process was not started with an IPC channel.')
  return {
    post: (m) => void proc.send?.(m),
    onMessage(listener) {
      proc.on('message', listener)
      return () => proc.off('message', listener)
    },
  }
}

/** The parent's side of a forked child process. */
export function childProcessChannel(child: ChildProcess): ChannelPort {
  return {
    post: (m) => {
      if (child.connected) child.send(m as Parameters<ChildProcess['send']>[0])
    },
    onMessage(listener) {
      child.on('message', listener)
      return () => child.off('message', listener)
    },
  }
}

/** Either end of a worker thread (the Worker object, or parentPort inside it). */
export function workerChannel(port: Worker | NodeMessagePort): ChannelPort {
  return {
    post: (m) => port.postMessage(m),
    onMessage(listener) {
      port.on('message', listener)
      return () => port.off('message', listener)
    },
  }
}
