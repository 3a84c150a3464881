/** What the group commit needs of the database: one statement, its rows or nothing. */
export interface StatementRunner {
  query(text: string, parameters: unknown[]): Promise<unknown>;
}

/** The columns of one audit row as the API writes it; the chain fields come from the trigger. */
export const AUDIT_COLUMNS = [
  'at',
  'actor_id',
  'actor_role',
  'organization_id',
  'action',
  'entity_type',
  'entity_id',
  'patient_id',
  'outcome',
  'request_id',
  'ip',
  'detail',
] as const;

const insertTexts: string[] = [];

/** The INSERT of `rows` audit rows, parameters row after row (built once per size). */
export function auditInsertText(rows: number): string {
  return (insertTexts[rows] ??= buildInsertText(rows));
}

function buildInsertText(rows: number): string {
  const tuples: string[] = [];
  for (let row = 0; row < rows; row++) {
    const first = row * AUDIT_COLUMNS.length;
    tuples.push(`(${AUDIT_COLUMNS.map((_, column) => `$${first + column + 1}`).join(', ')})`);
  }
  return `INSERT INTO audit_event (${AUDIT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`;
}

/** The single-row INSERT, the one a transaction's audit event uses (and the benchmark looks for). */
export const AUDIT_INSERT_ONE = auditInsertText(1);

interface Waiting {
  values: unknown[];
  written: () => void;
  failed: (error: unknown) => void;
}

/**
 * Group commit for the audit rows that are written on their own: the event a read leaves, a
 * refusal. Each request still waits until its row is committed (nothing is answered on an audit
 * row that could be lost), but the rows of requests arriving together share one INSERT and one
 * commit: the chain lock, the WAL flush and the round trip are paid once per group instead of once
 * per request (P4 in docs/requirements.md). A row arriving while nothing is being written goes at once, so
 * a quiet API adds no wait; under load the rows that arrive during one write go together in the
 * next.
 *
 * A group's rows are one transaction, so they extend one chain stripe in order (the trigger reads
 * the rows already inserted by the same statement). If the group is refused for its data
 * (SQLSTATE classes 22 and 23), each row goes again on its own so that one bad row fails only its
 * own request; any other failure (the database away) fails the whole group, as it would each row.
 */
export class AuditGroupCommit {
  private readonly waiting: Waiting[] = [];
  private writing = 0;

  constructor(
    private readonly db: StatementRunner,
    /** Rows per INSERT at most (12 parameters each). */
    private readonly maxRows = 64,
    /** INSERTs in flight at once; each holds one pooled connection while it runs. */
    private readonly maxWrites = 2,
  ) {}

  /** Resolves once the row is committed; rejects with the database's error otherwise. */
  write(values: unknown[]): Promise<void> {
    return new Promise<void>((written, failed) => {
      this.waiting.push({ values, written, failed });
      if (this.writing < this.maxWrites) this.writeNext();
    });
  }

  private writeNext(): void {
    const group = this.waiting.splice(0, this.maxRows);
    if (group.length === 0) return;
    this.writing++;
    void this.insert(group).finally(() => {
      this.writing--;
      this.writeNext();
    });
  }

  private async insert(group: Waiting[]): Promise<void> {
    try {
      await this.db.query(
        auditInsertText(group.length),
        group.length === 1 ? group[0].values : group.flatMap((row) => row.values),
      );
      for (const row of group) row.written();
    } catch (error) {
      if (group.length === 1 || !refusedForItsData(error)) {
        for (const row of group) row.failed(error);
        return;
      }
      await Promise.all(
        group.map((row) => this.db.query(AUDIT_INSERT_ONE, row.values).then(row.written, row.failed)),
      );
    }
  }
}

function refusedForItsData(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
