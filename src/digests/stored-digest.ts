import type { ComposedDigest } from './compose/compose-digest';

// Stored digests keep no candidate names: each line keeps its application id and the name is read
// from the candidate when the digest is shown or sent. Erasing a candidate (docs/architecture.md, "Reliability
// rules") then reaches old digests too, with nothing to rewrite in them.

export function withoutCandidateNames(digest: ComposedDigest): ComposedDigest {
  return {
    ...digest,
    sections: digest.sections.map((section) => ({
      ...section,
      lines: section.lines.map((line) => ({ ...line, candidate_name: '' })),
    })),
  };
}

/** Names by application id; a line whose application is gone reads "Unnamed candidate". */
export function withCandidateNames(
  digest: ComposedDigest,
  names: ReadonlyMap<string, string>,
): ComposedDigest {
  return {
    ...digest,
    sections: digest.sections.map((section) => ({
      ...section,
      lines: section.lines.map((line) => ({
        ...line,
        candidate_name: names.get(line.application_id) || 'Unnamed candidate',
      })),
    })),
  };
}

export function applicationIdsOf(digest: ComposedDigest): string[] {
  return [...new Set(digest.sections.flatMap((section) => section.lines.map((line) => line.application_id)))];
}
