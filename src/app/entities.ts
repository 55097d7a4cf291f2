import { Application } from '../pipeline/application.entity';
import { Candidate } from '../pipeline/candidate.entity';
import { FeedbackPeriod } from '../pipeline/feedback-period.entity';
import { Interview } from '../pipeline/interview.entity';
import { Job } from '../pipeline/job.entity';
import { Person } from '../pipeline/person.entity';
import { EventLogEntry } from '../pipeline/event-log.entity';
import { UnknownStageName } from '../pipeline/unknown-stage-name.entity';
import { QuarantinedPayload } from '../ingestion/quarantine.entity';
import { ReplayToken } from '../ingestion/replay-token.entity';
import { Flag } from '../attention/flag.entity';
import { FlagEvent } from '../attention/flag-event.entity';
import { RecruiterAction } from '../attention/recruiter-action.entity';
import { Notification } from '../notifications/notification.entity';
import { Digest } from '../digests/digest.entity';

export const entities = [
  EventLogEntry,
  QuarantinedPayload,
  ReplayToken,
  Person,
  Candidate,
  Job,
  Application,
  Interview,
  FeedbackPeriod,
  UnknownStageName,
  Flag,
  FlagEvent,
  RecruiterAction,
  Notification,
  Digest,
];
