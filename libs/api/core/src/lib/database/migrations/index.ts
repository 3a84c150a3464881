import { Foundation1764100000000 } from './1764100000000-Foundation';

/** Every migration, in order. Landed migrations are never edited: add a new one. */
export const MIGRATIONS = [Foundation1764100000000];
