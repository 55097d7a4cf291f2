import { applicationsRoutes } from '../attention/applications.api';
import { attentionRoutes } from '../attention/attention.api';
import { scansRoutes } from '../attention/scans.api';
import { digestsRoutes } from '../digests/digests.api';
import { healthRoutes } from '../infra/health/health.api';
import type { ApiRoute } from '../infra/http/openapi';
import { metricsRoutes } from '../infra/metrics/metrics.api';
import { webhooksRoutes } from '../ingestion/webhooks.api';
import { notificationsRoutes } from '../notifications/notifications.api';
import { optOutRoutes } from '../notifications/opt-out.api';
import { peopleRoutes } from '../pipeline/people.api';
import { statsRoutes } from '../pipeline/stats.api';

/**
 * Every route the API serves, as /docs describes it; each list sits beside its controller in
 * `<name>.api.ts`. A route missing here fails test/e2e/openapi.test.ts.
 */
export const apiRoutes: readonly ApiRoute[] = [
  ...webhooksRoutes,
  ...applicationsRoutes,
  ...attentionRoutes,
  ...scansRoutes,
  ...digestsRoutes,
  ...notificationsRoutes,
  ...optOutRoutes,
  ...peopleRoutes,
  ...statsRoutes,
  ...healthRoutes,
  ...metricsRoutes,
];
