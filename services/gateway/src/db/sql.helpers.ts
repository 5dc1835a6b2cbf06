/** Postgres unique_violation. (Rows of a query: `rows`/`row` from @verity/persistence.) */
export const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';
