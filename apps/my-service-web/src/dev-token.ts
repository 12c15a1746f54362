import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { currentEnv } from '@platform/config';
import { signUserToken } from './app/dev-user-token';

// Part of `npm run dev-tokens -- --provider <id> [--user <id>]`: a bearer token the public
// GraphQL API accepts in dev (signed with the dev secret), printed as a shell export.
const { values } = parseArgs({
  options: { provider: { type: 'string' }, user: { type: 'string', default: 'dev-user' } },
});
if (currentEnv().APP_ENV === 'prod') {
  process.stderr.write('dev tokens are for the dev config only (APP_ENV=prod is set)\n');
  process.exit(1);
}
if (!values.provider) {
  process.stderr.write('usage: dev-token.ts --provider <provider id> [--user <user id>]\n');
  process.exit(2);
}
void signUserToken({ userId: values.user as string, providerId: values.provider }, { expiresAt: '12h' }).then(
  (token) =>
    process.stdout.write(
      `export WEB_TOKEN=${token}  # public GraphQL: user ${values.user} acting for provider ${values.provider}, 12 h\n`,
    ),
);
