import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service';

/**
 * Counts and times every answer by its route pattern ("/v1/applications/:id"), never the raw URL,
 * so ids do not become label values. Unmatched URLs share one label.
 */
export function registerHttpMetrics(instance: FastifyInstance, metrics: MetricsService): void {
  instance.addHook('onResponse', (request, reply, done) => {
    const labels = {
      method: request.method,
      route: request.routeOptions?.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpRequestDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
