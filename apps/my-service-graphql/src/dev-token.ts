import { currentEnv, loadConfig } from '@platform/config';
import { internalApiConfig } from './app/internal-api.config';

// Part of `npm run dev-tokens`: the service token the internal GraphQL API accepts in dev.
if (currentEnv().APP_ENV === 'prod') {
  process.stderr.write('dev tokens are for the dev config only (APP_ENV=prod is set)\n');
  process.exit(1);
}
const config = loadConfig('my-service-graphql');
process.stdout.write(
  `export INTERNAL_TOKEN=${internalApiConfig(config).serviceTokens[0]}  # internal GraphQL\n`,
);
