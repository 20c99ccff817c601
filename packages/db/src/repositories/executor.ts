import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** A Kysely instance or an open transaction: repositories run on either. */
export type Executor = Kysely<Database>;
