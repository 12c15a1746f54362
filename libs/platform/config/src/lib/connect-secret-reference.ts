/**
 * A Kafka Connect config-provider reference: `${env:NAME}`, `${file:/path/to/file.properties:key}`
 * or another provider the worker has (`${<provider>:[<path>:]<key>}`). The worker resolves it when
 * it validates the connector and starts its task, so the secret itself never appears in the
 * connector's config, which anyone with access to Connect's REST API can read back.
 */
export const CONNECT_SECRET_REFERENCE = /^\$\{[A-Za-z][\w.-]*:[^{}\s]+\}$/;

/** The local workers' reference to the local database's password (infra/local/lib.sh gives them the variable). */
export const LOCAL_CONNECT_DATABASE_PASSWORD = '${env:LOCAL_POSTGRES_PASSWORD}';

/** Why `value` of variable `name` is not a config-provider reference, or undefined when it is. */
export function connectSecretReferenceProblem(name: string, value: string): string | undefined {
  if (CONNECT_SECRET_REFERENCE.test(value)) return undefined;
  return (
    `${name} must be a Kafka Connect config-provider reference such as \${env:NAME} or ` +
    '${file:/path/secrets.properties:key}, resolved by the Connect worker; never the secret itself ' +
    '(connector configs are readable through the Connect REST API)'
  );
}
