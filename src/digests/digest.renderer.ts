import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { renderDigest } from '../email/digest.template';
import type { RenderedMessage } from '../notifications/notification-contracts';
import { NotificationRenderers } from '../notifications/notification-renderers';
import { DigestsRepository } from './digests.repository';
import { DigestsService } from './digests.service';
import { applicationIdsOf, storedDigestContent, withCandidateNames } from './stored-digest';

// The digest email, rendered at send time by the email processor from the digest as stored when it
// was queued: what the recruiter receives is exactly what GET /v1/recruiters/{id}/digest?date= shows.

@Injectable()
export class DigestRenderer implements OnModuleInit {
  constructor(
    private readonly renderers: NotificationRenderers,
    private readonly repository: DigestsRepository,
    private readonly digests: DigestsService,
  ) {}

  onModuleInit(): void {
    this.renderers.register('digest', (notificationId, manager) => this.render(notificationId, manager));
  }

  async render(notificationId: string, manager: EntityManager): Promise<RenderedMessage | null> {
    const found = await this.repository.forNotification(notificationId, manager);
    // Only to the recruiter the digest is for; without their address there is no one to send to.
    if (!found || !found.recruiterEmail) return null;
    const digest = storedDigestContent(found.content, this.digests.deskUrl);
    const names = await this.repository.candidateNames(applicationIdsOf(digest), manager);
    const rendered = renderDigest(withCandidateNames(digest, names));
    return { ...rendered, to: found.recruiterEmail, fromName: 'keepwarm', replyTo: null };
  }
}
