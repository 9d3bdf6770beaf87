/**
 * Statements issued in one transaction without waiting for each other (ADR 0040). On the PostgreSQL
 * server the transaction's connection sends queries issued in the same tick in one packet and answers
 * them in order, so a batch costs a handful of round trips however many statements it runs; PGlite
 * runs them one after another. When one statement fails, every later one fails with "current
 * transaction is aborted": `rootCause` finds the first failure in issue order, which is the one the
 * worker must judge (a deadlock or unique race is retried, anything else ends the worker).
 */
export class Pipeline {
  private readonly issued: Promise<unknown>[] = [];

  /** Tracks a statement already issued; its failure is observed here, so it is never unhandled. */
  add<T>(statement: Promise<T>): Promise<T> {
    statement.catch(() => {});
    this.issued.push(statement);
    return statement;
  }

  /** Waits for every statement issued so far; throws the first failure in issue order. */
  async settle(): Promise<void> {
    const failure = await this.rootCause();
    if (failure !== undefined) throw failure.error;
  }

  /** The first statement (in issue order) that failed, once all have settled. */
  async rootCause(): Promise<{ error: unknown } | undefined> {
    const outcomes = await Promise.allSettled(this.issued);
    const failed = outcomes.find((o) => o.status === 'rejected');
    return failed === undefined ? undefined : { error: failed.reason };
  }
}
