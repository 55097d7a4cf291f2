import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { acceptFormBodies, fastifyOf } from '../infra/http/form-body';

// RFC 8058: a mail client's one-click unsubscribe is a POST with the body "List-Unsubscribe=One-Click",
// sent as application/x-www-form-urlencoded or multipart/form-data. The API otherwise takes only
// JSON (json-body.ts), so these two types are accepted on the unsubscribe link alone; anywhere else
// they still answer 415. The body carries nothing keepwarm needs: the signed link is the request.

const unsubscribePath = /^\/v1\/unsubscribe\/[^/?]+(\?.*)?$/;

@Injectable()
export class UnsubscribeBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = fastifyOf(this.adapterHost);
    if (fastify)
      acceptFormBodies(fastify, {
        method: 'POST',
        path: unsubscribePath,
        bodyLimit: 16 * 1024,
        multipart: true,
      });
  }
}
