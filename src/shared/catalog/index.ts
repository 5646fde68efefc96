export * from './model'
export * from './sizes'
export * from './styles'
