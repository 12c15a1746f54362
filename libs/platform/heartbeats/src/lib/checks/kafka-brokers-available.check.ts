import type { CheckFn } from '../health-check';

/** The part of a kafkajs `Admin` the check needs. */
export interface ClusterDescriber {
  describeCluster(): Promise<{ brokers: Array<{ nodeId: number }>; controller: number | null }>;
}

export function kafkaBrokersAvailableCheck(admin: ClusterDescriber): CheckFn {
  return async () => {
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) return { healthy: false, reason: 'the cluster reported no brokers' };
    return { healthy: true, details: { brokers: cluster.brokers.length } };
  };
}
