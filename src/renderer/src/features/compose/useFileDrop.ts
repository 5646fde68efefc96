import { useRef, useState } from 'react'
import { pickDroppedFile } from '../../model/csv-import'

/**
 * Drag-and-drop of a file onto an area. Child elements fire their own enter/leave pairs, so a depth count (not
 * the last event) says whether a drag is still over the area. Drags of text or links are left alone.
 */
export function useFileDrop(onFile: (file: File) => void): {
  active: boolean
  handlers: Pick<React.HTMLAttributes<HTMLElement>, 'onDragEnter' | 'onDragOver' | 'onDragLeave' | 'onDrop'>
} {
  const [active, setActive] = useState(false)
  const depth = useRef(0)
  const carriesFiles = (e: React.DragEvent): boolean => e.dataTransfer.types.includes('Files')

  return {
    active,
    handlers: {
      onDragEnter: (e) => {
        if (!carriesFiles(e)) return
        e.preventDefault()
        depth.current++
        setActive(true)
      },
      onDragOver: (e) => {
        if (!carriesFiles(e)) return
        // Without this the browser would open the file in place of the app.
        e.preventDefault()
        e.dataTransfer.dropEffect = 'copy'
      },
      onDragLeave: (e) => {
        if (!carriesFiles(e)) return
        depth.current = Math.max(0, depth.current - 1)
        if (depth.current === 0) setActive(false)
      },
      onDrop: (e) => {
        if (!carriesFiles(e)) return
        e.preventDefault()
        depth.current = 0
        setActive(false)
        const file = pickDroppedFile([...e.dataTransfer.files])
        if (file) onFile(file)
      },
    },
  }
}
