export * from './batch'
export * from './cell'
export * from './params'
