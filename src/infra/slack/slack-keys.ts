// Every Redis key of the Slack adapter, under QUEUE_PREFIX like the queues, beside them but never
// inside one: BullMQ keys are `${prefix}:${queue}:…`, and no queue is called "slack-api".
export function slackKeyPrefix(queuePrefix: string): string {
  return `${queuePrefix}:slack-api:`;
}
