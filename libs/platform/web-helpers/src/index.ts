export * from './lib/bootstrap-http-app';
