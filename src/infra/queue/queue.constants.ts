// Queue names and the shared Redis connection token. Every key lives under QUEUE_PREFIX.
export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');

export const queueNames = {
  sweep: 'sweep',
  outbox: 'outbox-relay',
  email: 'email',
  digest: 'digest',
} as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];
