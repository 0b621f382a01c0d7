/**
 * A table keyed by a server enum (labels, colours), read with a value the server answers with: its
 * answers' schemas type such values as plain strings, its inputs name the values. undefined when the
 * table lacks the value (a newer server), so callers show the raw value instead.
 */
export function lookup<K extends string, V>(table: Record<K, V>, key: string): V | undefined {
  return (table as Record<string, V | undefined>)[key];
}
