// Scenario 4 measures the service's own command (EnableAddOnCommand) and scenario 3 needs its
// schema: the bench project is tagged scope:my-service, type:tooling, which may use the domain.
export { EnableAddOnCommand, dataSourceOptions, migrateDatabase } from '@my-service/domain';
