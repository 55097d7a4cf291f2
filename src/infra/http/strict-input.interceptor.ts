import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import type { z } from 'zod';
import type { ApiRoute } from './openapi';
import { invalidRequest } from './request-validation';

// /v1 takes only what /docs says it takes: a query parameter an endpoint does not document, or a
// body sent to an endpoint that takes none, answers 400 naming it (a misspelt "?recuiter_id=" would
// otherwise answer an unfiltered list). Body fields are checked by each body's strict schema. The
// signed links for people (security: []) are left alone: mail clients may add parameters to them.

interface DeclaredInput {
  query: string[];
  takesBody: boolean;
}

@Injectable()
export class StrictInputInterceptor implements NestInterceptor {
  private readonly routes = new Map<string, DeclaredInput>();

  constructor(routes: readonly ApiRoute[]) {
    for (const route of routes) {
      const isPublic = Array.isArray(route.security) && route.security.length === 0;
      if (!route.path.startsWith('/v1/') || isPublic) continue;
      const query = route.request?.query as z.ZodObject | undefined;
      this.routes.set(`${route.method.toUpperCase()} ${route.path}`, {
        query: query ? Object.keys(query.shape) : [],
        takesBody: route.request?.body !== undefined,
      });
    }
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') this.check(context.switchToHttp().getRequest<FastifyRequest>());
    return next.handle();
  }

  private check(request: FastifyRequest): void {
    // Fastify's route pattern (/v1/applications/:id) in /docs' form (/v1/applications/{id}).
    const path = (request.routeOptions.url ?? '').replace(/:(\w+)/g, '{$1}');
    const declared = this.routes.get(`${request.method} ${path}`);
    if (!declared) return;
    const takes = declared.query.length > 0 ? declared.query.join(', ') : 'none';
    const issues = Object.keys((request.query ?? {}) as object)
      .filter((name) => !declared.query.includes(name))
      .map((name) => ({ path: [name], message: `is not a parameter of this endpoint (it takes ${takes})` }));
    const body: unknown = request.body;
    if (!declared.takesBody && typeof body === 'object' && body !== null) {
      const fields = Array.isArray(body) ? ['(root)'] : Object.keys(body);
      issues.push(
        ...fields.map((field) => ({
          path: [field],
          message: 'is not a field of this request (it takes no body)',
        })),
      );
    }
    if (issues.length > 0) throw invalidRequest('request', issues);
  }
}
