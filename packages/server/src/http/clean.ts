// Drops keys whose value is undefined: zod's optional fields → the store's exact optional properties.
export type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

export function clean<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Defined<T>;
}
