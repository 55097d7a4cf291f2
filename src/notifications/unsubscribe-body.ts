import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

// RFC 8058: a mail client's one-click unsubscribe is a POST with the body "List-Unsubscribe=One-Click",
// sent as application/x-www-form-urlencoded or multipart/form-data. The API otherwise takes only
// JSON (json-body.ts), so these two types are accepted on the unsubscribe link alone; anywhere else
// they still answer 415. The body carries nothing keepwarm needs: the signed link is the request.

const formTypes = [/^application\/x-www-form-urlencoded(;.*)?$/i, /^multipart\/form-data(;.*)?$/i];
const unsubscribePath = /^\/v1\/unsubscribe\/[^/?]+(\?.*)?$/;

@Injectable()
export class UnsubscribeBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // The worker has no HTTP server.
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.addContentTypeParser !== 'function') return;
    for (const type of formTypes) {
      if (fastify.hasContentTypeParser(type)) continue;
      fastify.addContentTypeParser(
        type,
        { parseAs: 'string', bodyLimit: 16 * 1024 },
        (request: FastifyRequest, _body: string, done: (error: Error | null, value?: unknown) => void) => {
          if (request.method === 'POST' && unsubscribePath.test(request.url)) {
            done(null, {});
            return;
          }
          const unsupported = new Error(
            `Unsupported Media Type: ${request.headers['content-type']}`,
          ) as Error & {
            statusCode: number;
            code: string;
          };
          unsupported.statusCode = 415;
          unsupported.code = 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
          done(unsupported);
        },
      );
    }
  }
}
