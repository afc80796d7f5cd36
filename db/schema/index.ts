// The one barrel file: drizzle needs every table in a single schema object.
export * from './users';
export * from './auth';
export * from './audit';
export * from './system';
export * from './catalog';
export * from './payments';
export * from './webhooks';
export * from './idempotency';
export * from './refund-requests';
export * from './alerts';
export * from './reconciliation';
export * from './billing';
