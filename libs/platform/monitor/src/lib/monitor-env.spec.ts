import { dogStatsdSettings, serviceTags, tracingSettings } from './monitor-env';

describe('tracingSettings', () => {
  it('is disabled in dev and test, with the app name as service and dev as env', () => {
    expect(tracingSettings('my-service-web', {})).toEqual({
      enabled: false,
      service: 'my-service-web',
      env: 'dev',
      version: undefined,
      sampleRate: undefined,
      agentHost: undefined,
      agentPort: undefined,
    });
    expect(tracingSettings('my-service-web', { APP_ENV: 'test' }).enabled).toBe(false);
  });

  it('is enabled in prod unless DD_TRACE_ENABLED says otherwise, and DD_TRACE_ENABLED=true enables it anywhere', () => {
    expect(tracingSettings('app', { APP_ENV: 'prod' }).enabled).toBe(true);
    expect(tracingSettings('app', { APP_ENV: 'prod', DD_TRACE_ENABLED: 'false' }).enabled).toBe(false);
    expect(tracingSettings('app', { APP_ENV: 'dev', DD_TRACE_ENABLED: 'true' }).enabled).toBe(true);
  });

  it('reads the Datadog variables', () => {
    const env = {
      APP_ENV: 'prod',
      DD_SERVICE: 'add-ons',
      DD_ENV: 'staging',
      DD_VERSION: '1.2.3',
      DD_TRACE_SAMPLE_RATE: '0.25',
      DD_AGENT_HOST: '10.0.0.7',
      DD_TRACE_AGENT_PORT: '8126',
    };
    expect(tracingSettings('my-service-web', env)).toEqual({
      enabled: true,
      service: 'add-ons',
      env: 'staging',
      version: '1.2.3',
      sampleRate: 0.25,
      agentHost: '10.0.0.7',
      agentPort: 8126,
    });
  });

  it('fails at boot on a sampling rate or port that is not one', () => {
    expect(() => tracingSettings('app', { DD_TRACE_SAMPLE_RATE: '25%' })).toThrow(
      'DD_TRACE_SAMPLE_RATE must be a number between 0 and 1, got "25%"',
    );
    expect(() => tracingSettings('app', { DD_TRACE_SAMPLE_RATE: '2' })).toThrow('DD_TRACE_SAMPLE_RATE');
    expect(() => tracingSettings('app', { DD_TRACE_AGENT_PORT: 'http' })).toThrow(
      'DD_TRACE_AGENT_PORT must be a port number',
    );
  });
});

describe('dogStatsdSettings and serviceTags', () => {
  it('defaults to the local agent on 8125', () => {
    expect(dogStatsdSettings({})).toEqual({ host: '127.0.0.1', port: 8125 });
    expect(dogStatsdSettings({ DD_AGENT_HOST: 'datadog', DD_DOGSTATSD_PORT: '9125' })).toEqual({
      host: 'datadog',
      port: 9125,
    });
    expect(() => dogStatsdSettings({ DD_DOGSTATSD_PORT: '0' })).toThrow('DD_DOGSTATSD_PORT');
  });

  it('uses the same service, env and version as the tracer', () => {
    expect(serviceTags('app', { DD_ENV: 'prod', DD_VERSION: 'abc' })).toEqual({
      service: 'app',
      env: 'prod',
      version: 'abc',
    });
  });
});
