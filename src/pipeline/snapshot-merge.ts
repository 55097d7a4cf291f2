import type {
  Candidate as CandidateSnapshot,
  Job as JobSnapshot,
  Person as PersonSnapshot,
} from '../canonical/canonical-event.schema';
import { isPlaceholderName } from '../canonical/placeholders';

// Several snapshots of one person, job or candidate arriving in one batch are folded here into the
// single row change that applying them one by one, in (as_of, arrival) order, would make. The SQL in
// pipeline.repository.ts then applies that merged change with the same rules as a single snapshot
// (an older snapshot never overrides a newer row, placeholders never replace real values).

export interface Dated<T> {
  snapshot: T;
  asOf: Date;
}

export interface MergedPerson {
  id: string;
  name: string;
  /** The merged name is a placeholder: an existing real name is kept. */
  namePlaceholder: boolean;
  email: string | null;
  timezone: string | null;
  country: string | null;
  asOf: string;
}

export interface MergedCandidate {
  id: string;
  name: string;
  namePlaceholder: boolean;
  email: string | null;
  /** A snapshot with a real name set the email exactly (even to nothing); otherwise it only fills in. */
  emailExact: boolean;
  timezone: string | null;
  country: string | null;
  sourceKind: string | null;
  agencyName: string | null;
  agencyEmail: string | null;
  canEmail: boolean | null;
  asOf: string;
}

export interface MergedJob {
  id: string;
  title: string;
  titlePlaceholder: boolean;
  /** The last status named in the batch, if any. */
  status: string | null;
  /** as_of of the first snapshot of the trailing run naming `status`: when it was entered. */
  statusSince: string | null;
  /** An earlier snapshot in the batch named another status: the status changed within the batch. */
  statusChangedWithin: boolean;
  /** What a new row starts with (the first snapshot's status, or open, then the batch's changes). */
  insertStatus: string;
  insertStatusChangedAt: string;
  recruiterId: string;
  recruiterUnassigned: boolean;
  hiringManagerId: string;
  hiringManagerUnassigned: boolean;
  asOf: string;
}

/** Oldest first; ties keep arrival order (the sort is stable). */
function chronological<T>(entries: readonly Dated<T>[]): Dated<T>[] {
  return [...entries].sort((a, b) => a.asOf.getTime() - b.asOf.getTime());
}

export function mergePeople(entries: readonly Dated<PersonSnapshot>[]): MergedPerson[] {
  return groupById(entries, (snapshot) => snapshot.id).map((group) => {
    let merged: MergedPerson | undefined;
    for (const { snapshot, asOf } of chronological(group)) {
      const placeholder = isPlaceholderName(snapshot.name);
      const keepName = merged !== undefined && placeholder;
      merged = {
        id: snapshot.id,
        name: keepName ? merged!.name : snapshot.name,
        namePlaceholder: keepName ? merged!.namePlaceholder : placeholder,
        email: snapshot.email ?? merged?.email ?? null,
        timezone: snapshot.timezone ?? merged?.timezone ?? null,
        country: snapshot.country ?? merged?.country ?? null,
        asOf: asOf.toISOString(),
      };
    }
    return merged!;
  });
}

export function mergeCandidates(entries: readonly Dated<CandidateSnapshot>[]): MergedCandidate[] {
  return groupById(entries, (snapshot) => snapshot.id).map((group) => {
    let merged: MergedCandidate | undefined;
    for (const { snapshot, asOf } of chronological(group)) {
      const placeholder = isPlaceholderName(snapshot.name);
      const keepName = merged !== undefined && placeholder;
      merged = {
        id: snapshot.id,
        name: keepName ? merged!.name : snapshot.name,
        namePlaceholder: keepName ? merged!.namePlaceholder : placeholder,
        email: placeholder ? (snapshot.email ?? merged?.email ?? null) : (snapshot.email ?? null),
        emailExact: placeholder ? (merged?.emailExact ?? false) : true,
        timezone: snapshot.timezone ?? merged?.timezone ?? null,
        country: snapshot.country ?? merged?.country ?? null,
        sourceKind: snapshot.source?.kind ?? merged?.sourceKind ?? null,
        agencyName: snapshot.source?.agency_name ?? merged?.agencyName ?? null,
        agencyEmail: snapshot.source?.agency_email ?? merged?.agencyEmail ?? null,
        canEmail: snapshot.can_email ?? merged?.canEmail ?? null,
        asOf: asOf.toISOString(),
      };
    }
    return merged!;
  });
}

export function mergeJobs(entries: readonly Dated<JobSnapshot>[]): MergedJob[] {
  return groupById(entries, (snapshot) => snapshot.id).map((group) => {
    const ordered = chronological(group);
    let merged: MergedJob | undefined;
    // Statuses as an existing row would see them (first named one on), and as a new row would.
    let status: string | null = null;
    let statusSince: string | null = null;
    let statusChangedWithin = false;
    let insertStatus = ordered[0].snapshot.status ?? 'open';
    let insertStatusChangedAt = ordered[0].asOf.toISOString();
    for (const { snapshot, asOf } of ordered) {
      const at = asOf.toISOString();
      const named = snapshot.status ?? null;
      if (named !== null) {
        if (status === null) statusSince = at;
        else if (named !== status) {
          statusChangedWithin = true;
          statusSince = at;
        }
        status = named;
        if (named !== insertStatus) {
          insertStatus = named;
          insertStatusChangedAt = at;
        }
      }
      const titlePlaceholder = isPlaceholderName(snapshot.title);
      const keepTitle = merged !== undefined && titlePlaceholder;
      const recruiterUnassigned = isUnassigned(snapshot.recruiter.id);
      const keepRecruiter = merged !== undefined && recruiterUnassigned;
      const managerUnassigned = isUnassigned(snapshot.hiring_manager.id);
      const keepManager = merged !== undefined && managerUnassigned;
      merged = {
        id: snapshot.id,
        title: keepTitle ? merged!.title : snapshot.title,
        titlePlaceholder: keepTitle ? merged!.titlePlaceholder : titlePlaceholder,
        status,
        statusSince,
        statusChangedWithin,
        insertStatus,
        insertStatusChangedAt,
        recruiterId: keepRecruiter ? merged!.recruiterId : snapshot.recruiter.id,
        recruiterUnassigned: keepRecruiter ? merged!.recruiterUnassigned : recruiterUnassigned,
        hiringManagerId: keepManager ? merged!.hiringManagerId : snapshot.hiring_manager.id,
        hiringManagerUnassigned: keepManager ? merged!.hiringManagerUnassigned : managerUnassigned,
        asOf: at,
      };
    }
    return merged!;
  });
}

/** The person adapters name when a vendor payload assigns nobody to a role (`greenhouse:unassigned`). */
export function isUnassigned(personId: string): boolean {
  return /^(greenhouse|lever|ashby):unassigned$/.test(personId);
}

/** Groups sorted by id, so every batch takes row locks in the same order. */
function groupById<T>(entries: readonly Dated<T>[], idOf: (snapshot: T) => string): Dated<T>[][] {
  const groups = new Map<string, Dated<T>[]>();
  for (const entry of entries) {
    const id = idOf(entry.snapshot);
    const group = groups.get(id);
    if (group) group.push(entry);
    else groups.set(id, [entry]);
  }
  return [...groups.keys()].sort().map((id) => groups.get(id)!);
}
