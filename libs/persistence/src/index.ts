export { createDataSource, openDataSource, type DataSourceSettings } from './data-source.factory';
export { inboxOutboxMigration } from './inbox-outbox.migration';
export { Inbox } from './inbox';
export { Outbox } from './outbox';
export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
export { assertSchemaName } from './schema-name';
export { type Queryable, type Db, rows, row } from './queryable';
export { requireSameProject } from './require-same-project';
export { lockExclusive, lockExclusiveSorted, lockSharedSorted } from './advisory-locks';
