export * from './lib/database/data-source.options';
export * from './lib/database/database.module';
