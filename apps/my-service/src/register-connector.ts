import 'reflect-metadata';
import { loadConfig } from '@platform/config';
import { registerOutboxConnector } from '@platform/outbox';

// `nx run my-service:register-connector`: the registration the app does at boot, for when the
// connector must be (re)registered without starting the service.
registerOutboxConnector(loadConfig('my-service'), 'my-service')
  .then(({ name, status }) => {
    console.log(
      `connector ${name}: ${status.connector.state}, tasks ${status.tasks.map((t) => t.state).join(',')}`,
    );
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
