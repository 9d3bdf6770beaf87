import type { AuditEvent, PersonCluster, PersonIdEvent } from '@ilos/core';

/** An audit row of resolution, batch or stream: a system actor, no session, no purpose (ADR 0018). */
export function resolveEvent(
  at: Date,
  eventType: 'identity.merge' | 'identity.split' | 'status.change',
  subjects: string[],
  details: AuditEvent['details'],
  by: 'resolve' | 'stream' = 'resolve',
): AuditEvent {
  return {
    at,
    eventType,
    component: by,
    sourceIp: 'local',
    sessionId: null,
    actorId: `system:${by}`,
    actorRole: 'system',
    purpose: null,
    target: null,
    subjects,
    fields: [],
    outcome: 'success',
    reason: null,
    details,
  };
}

/**
 * One `identity.merge` or `identity.split` row per merge or split (T6.1): subjects are both person ids and
 * the keys of the records that moved from the old id to the person that holds them now.
 */
export function identityEvents(
  at: Date,
  events: readonly PersonIdEvent[],
  clusters: readonly PersonCluster[],
  ids: readonly string[],
  previous: ReadonlyMap<string, string>,
  by: 'resolve' | 'stream' = 'resolve',
): AuditEvent[] {
  const clusterOf = new Map(ids.map((id, i) => [id, clusters[i]!]));
  const rows: AuditEvent[] = [];
  for (const event of events) {
    if (event.kind === 'created') continue;
    const moved = (clusterOf.get(event.personId)?.records ?? []).filter(
      (k) => previous.get(k) === event.from,
    );
    const records = moved.map((k) => `record:${k.replace(':', '/')}`);
    rows.push(
      resolveEvent(
        at,
        event.kind === 'merged' ? 'identity.merge' : 'identity.split',
        [`person:${event.personId}`, `person:${event.from}`, ...records],
        { person: event.personId, from: event.from, records: moved.length },
        by,
      ),
    );
  }
  return rows;
}
