// Free-text search over the inventory: one normalised column per function (name, ARN, runtime and
// owner, lowercased once on write) and a substring index over it — an FTS5 trigram table on SQLite,
// a pg_trgm GIN index on PostgreSQL — so a search reads the matching rows instead of every row's
// JSON. Any other database (or PostgreSQL without pg_trgm) gets the same answers from a plain LIKE.
import type { Knex } from 'knex';
import type { FunctionSummary } from '../../common/api';
import { containsPattern, LIKE_ESCAPE } from './sql';

/**
 * Between the searched fields, so a match never spans two of them. Names, ARNs, runtimes and owners
 * (entity refs, tag values) never contain control characters.
 */
const FIELD_SEPARATOR = '\u001f';

/** Trigram indexes find substrings of at least three characters; shorter ones are scanned for. */
const INDEXED_MIN_CHARS = 3;

/** The side table (SQLite) mirroring `inventory.search_text` under a stable integer key, and its trigram index. */
export const SQLITE_SEARCH_TABLE = 'inventory_search';
export const SQLITE_SEARCH_INDEX = 'inventory_search_trigrams';
export const POSTGRES_SEARCH_INDEX = 'inventory_search_text_trgm';

type SearchedFields = Pick<FunctionSummary, 'name' | 'arn' | 'runtime' | 'owner'>;

/** What a search looks in, as stored in `inventory.search_text`. */
export function searchTextOf(fields: SearchedFields): string {
  return [fields.name, fields.arn, fields.runtime ?? '', fields.owner ?? ''].join(FIELD_SEPARATOR).toLowerCase();
}

/** Whether an index can find this text (long enough for trigrams); shorter text is found by a scan. */
export function isIndexable(text: string): boolean {
  return [...text].length >= INDEXED_MIN_CHARS;
}

function isSqlite(knex: Knex): boolean {
  return knex.client.dialect === 'sqlite3';
}

export interface TextSearch {
  /** Restricts the builder (over `inventory`) to functions whose name, ARN, runtime or owner contains `text`, ignoring case. */
  whereContains(builder: Knex.QueryBuilder, text: string): void;
}

export function textSearchFor(knex: Knex): TextSearch {
  return {
    whereContains(builder, text) {
      const needle = text.toLowerCase();
      if (needle.includes(FIELD_SEPARATOR)) {
        builder.whereRaw('1 = 0');
        return;
      }
      if (!isSqlite(knex)) {
        builder.whereRaw(`inventory.search_text like ? escape '${LIKE_ESCAPE}'`, [containsPattern(needle)]);
        return;
      }
      if (isIndexable(needle)) {
        // An FTS5 phrase of trigrams matches exactly the rows containing the text as a substring.
        const phrase = `"${needle.replace(/"/g, '""')}"`;
        builder.whereRaw(
          `inventory.arn in (select arn from ${SQLITE_SEARCH_TABLE} where id in (select rowid from ${SQLITE_SEARCH_INDEX} where ${SQLITE_SEARCH_INDEX} match ?))`,
          [phrase],
        );
      } else {
        builder.whereRaw(`inventory.arn in (select arn from ${SQLITE_SEARCH_TABLE} where instr(text, ?) > 0)`, [needle]);
      }
    },
  };
}

/**
 * SQLite: `inventory_search` keeps each function's search text under an INTEGER PRIMARY KEY (stable
 * across VACUUM, unlike the implicit rowid of a table keyed by ARN), and an external-content FTS5
 * trigram table indexes it. Triggers keep both in step with every write to `inventory`.
 */
export async function createSqliteSearchIndex(knex: Knex): Promise<void> {
  const table = SQLITE_SEARCH_TABLE;
  const index = SQLITE_SEARCH_INDEX;
  for (const statement of [
    `create table ${table} (id integer primary key, arn text not null unique, text text not null)`,
    // case_sensitive 1: the text is lowercased already, so a match is an exact substring, as LIKE on it would be.
    `create virtual table ${index} using fts5(text, content='${table}', content_rowid='id', tokenize='trigram case_sensitive 1')`,
    `create trigger ${table}_indexed after insert on ${table} begin
       insert into ${index}(rowid, text) values (new.id, new.text);
     end`,
    `create trigger ${table}_unindexed after delete on ${table} begin
       insert into ${index}(${index}, rowid, text) values ('delete', old.id, old.text);
     end`,
    `create trigger inventory_search_inserted after insert on inventory begin
       insert into ${table}(arn, text) values (new.arn, new.search_text);
     end`,
    `create trigger inventory_search_deleted after delete on inventory begin
       delete from ${table} where arn = old.arn;
     end`,
    `create trigger inventory_search_updated after update of arn, search_text on inventory begin
       delete from ${table} where arn = old.arn;
       insert into ${table}(arn, text) values (new.arn, new.search_text);
     end`,
  ]) {
    await knex.raw(statement);
  }
}

export async function dropSqliteSearchIndex(knex: Knex): Promise<void> {
  for (const trigger of ['inventory_search_inserted', 'inventory_search_deleted', 'inventory_search_updated']) {
    await knex.raw(`drop trigger if exists ${trigger}`);
  }
  await knex.raw(`drop table if exists ${SQLITE_SEARCH_INDEX}`);
  await knex.raw(`drop table if exists ${SQLITE_SEARCH_TABLE}`);
}

/**
 * SQLite drops a column by rebuilding the table, which drops the table's triggers with it: a
 * migration that does so calls this to put the search index back, filled from `inventory`.
 */
export async function rebuildSqliteSearchIndex(knex: Knex): Promise<void> {
  await dropSqliteSearchIndex(knex);
  await createSqliteSearchIndex(knex);
  await knex.raw(`insert into ${SQLITE_SEARCH_TABLE}(arn, text) select arn, search_text from inventory`);
}

async function postgresIndexExists(knex: Knex): Promise<boolean> {
  const result = await knex.raw('select 1 from pg_indexes where schemaname = current_schema() and indexname = ?', [POSTGRES_SEARCH_INDEX]);
  return result.rows.length > 0;
}

async function trigramSchema(knex: Knex): Promise<string | undefined> {
  const result = await knex.raw(
    "select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'",
  );
  return result.rows[0]?.schema;
}

/**
 * PostgreSQL: the pg_trgm GIN index behind searches. Creating the extension needs a privilege a
 * production database may withhold, so this never throws: it answers why the index is missing
 * (searches then scan, correctly but slower), or undefined when the index is there. Runs in a
 * savepoint so a refusal does not abort a surrounding migration's transaction.
 */
export async function ensurePostgresSearchIndex(knex: Knex): Promise<string | undefined> {
  if (knex.client.dialect !== 'postgresql') return undefined;
  if (await postgresIndexExists(knex)) return undefined;
  try {
    await knex.transaction(async savepoint => {
      let schema = await trigramSchema(savepoint);
      if (!schema) {
        await savepoint.raw('create extension if not exists pg_trgm');
        schema = await trigramSchema(savepoint);
        if (!schema) throw new Error('pg_trgm was created but is not listed in pg_extension.');
      }
      // The operator class lives in the extension's schema, which may not be on our search path.
      await savepoint.raw(`create index if not exists ?? on inventory using gin (search_text ??.gin_trgm_ops)`, [POSTGRES_SEARCH_INDEX, schema]);
    });
    return undefined;
  } catch (error) {
    // Another replica may have created it meanwhile.
    if (await postgresIndexExists(knex)) return undefined;
    return (error as Error).message;
  }
}
