import { renderGeneration, type ImageFormat, type ImageRecipe } from './image'
import { StampedImages } from './image-stamp'

interface StoredImage {
  recipe: ImageRecipe
  format: ImageFormat
  imageScale: number
}

/**
 * The public image host (images.segmind.com in reality): files outlive the job record (7 days there, the
 * simulator's lifetime here). Only the recipe is kept; bytes are re-rendered on demand (they are deterministic)
 * and a few recent ones are cached, so a long demo session does not hold every image in memory.
 */
export class ImageStore {
  private readonly recipes = new Map<string, StoredImage>()
  private readonly cache = new Map<string, Promise<Buffer>>()

  private readonly stamped: StampedImages | null

  constructor(
    private readonly cacheSize = 64,
    render: 'drawn' | 'stamped' = 'drawn',
  ) {
    this.stamped = render === 'stamped' ? new StampedImages() : null
  }

  add(id: string, recipe: ImageRecipe, format: ImageFormat, imageScale: number): void {
    if (!this.recipes.has(id)) this.recipes.set(id, { recipe, format, imageScale })
  }

  has(id: string): boolean {
    return this.recipes.has(id)
  }

  format(id: string): ImageFormat | undefined {
    return this.recipes.get(id)?.format
  }

  bytes(id: string): Promise<Buffer> | undefined {
    const stored = this.recipes.get(id)
    if (!stored) return undefined
    const hit = this.cache.get(id)
    if (hit) {
      // Map order is insertion order: re-inserting marks it most recent.
      this.cache.delete(id)
      this.cache.set(id, hit)
      return hit
    }
    const rendering = this.stamped
      ? this.stamped.render(stored.recipe, stored.format, stored.imageScale)
      : renderGeneration(stored.recipe, stored.format, stored.imageScale)
    rendering.catch(() => this.cache.delete(id))
    this.cache.set(id, rendering)
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value
      if (oldest === undefined) break
      this.cache.delete(oldest)
    }
    return rendering
  }

  clear(): void {
    this.recipes.clear()
    this.cache.clear()
  }
}
