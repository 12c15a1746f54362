import { EventEmitter } from 'node:events';
import { watchRedisConnection } from './redis-connection-log';

describe('watchRedisConnection', () => {
  it('reports each connection problem once per outage, again after the connection was back', () => {
    const redis = new EventEmitter();
    const lines: string[] = [];
    watchRedisConnection(redis, (line) => lines.push(line));
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    for (let i = 0; i < 5; i++) redis.emit('error', refused); // five reconnect attempts
    redis.emit('error', new Error('WRONGPASS invalid username-password pair'));
    redis.emit('ready');
    redis.emit('error', refused); // a second outage
    expect(lines).toEqual([
      'connection to Redis: connect ECONNREFUSED 127.0.0.1:6379',
      'connection to Redis: WRONGPASS invalid username-password pair',
      'connection to Redis: connect ECONNREFUSED 127.0.0.1:6379',
    ]);
  });
});
