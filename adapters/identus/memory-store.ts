/**
 * An in-memory `Pluto.Store` for the Identus SDK. The SDK leaves persistence to the application (its README
 * points at RxDB/IndexedDB stores) and ships no store of its own; the adapter keeps everything in memory
 * and forgets it on `reset`, as the other adapters do. Pluto 7.0.0 queries with field equality, `$and` and
 * `$or` only; anything else is refused loudly rather than answered wrongly.
 * @module
 */
import type { Pluto } from '@hyperledger/identus-sdk';

type Row = Record<string, unknown> & { uuid: string };
type Selector = Record<string, unknown>;

function matches(row: Row, selector: Selector | undefined): boolean {
  return Object.entries(selector ?? {}).every(([key, wanted]) => {
    if (key === '$and') return (wanted as Selector[]).every((s) => matches(row, s));
    if (key === '$or') return (wanted as Selector[]).some((s) => matches(row, s));
    if (key.startsWith('$') || (typeof wanted === 'object' && wanted !== null)) {
      throw new Error(`memory store: query operator not implemented: ${key} ${JSON.stringify(wanted)}`);
    }
    return row[key] === wanted;
  });
}

export class MemoryStore implements Pluto.Store {
  readonly #tables = new Map<string, Row[]>();

  #rows(table: string): Row[] {
    let rows = this.#tables.get(table);
    if (!rows) this.#tables.set(table, (rows = []));
    return rows;
  }

  async query<T>(table: string, query?: { selector?: unknown }): Promise<T[]> {
    return this.#rows(table).filter((row) => matches(row, query?.selector as Selector | undefined)).map((row) => ({ ...row }) as T);
  }

  async insert<T>(table: string, model: T): Promise<void> {
    this.#rows(table).push({ ...(model as Row) });
  }

  async update<T>(table: string, model: T): Promise<void> {
    const rows = this.#rows(table);
    const at = rows.findIndex((row) => row.uuid === (model as Row).uuid);
    if (at < 0) throw new Error(`memory store: no ${table} row ${(model as Row).uuid} to update`);
    rows[at] = { ...(model as Row) };
  }

  async delete(table: string, uuid: string): Promise<void> {
    this.#tables.set(table, this.#rows(table).filter((row) => row.uuid !== uuid));
  }
}
