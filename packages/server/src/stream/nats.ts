import { AppError } from '@ilos/core';
import {
  AckPolicy,
  type ConsumerInfo,
  DeliverPolicy,
  type JetStreamManager,
  jetstreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { StreamNames } from './messages.js';

/**
 * Connects to NATS, or says clearly why not. Unreachable NATS is `not_found` (exit 4): the service the
 * command needs is not there; nothing was read or written.
 */
export async function connectNats(url: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, timeout: 3000, reconnect: true, maxReconnectAttempts: -1 });
  } catch (error) {
    throw new AppError(
      'not_found',
      `cannot reach NATS at ${url} (${describe(error)}); start it with JetStream on (nats-server -js) or pass --nats URL`,
      { cause: error },
    );
  }
}

/** The manager, or a clear error when the server runs without JetStream. */
export async function jetStreamOf(nc: NatsConnection): Promise<JetStreamManager> {
  try {
    return await jetstreamManager(nc, { timeout: 5000 });
  } catch (error) {
    throw new AppError(
      'not_found',
      `NATS at ${nc.getServer()} has no JetStream (${describe(error)}); start nats-server with -js`,
      { cause: error },
    );
  }
}

/** Creates the stream (ILOS_RECORDS: subjects ilos.records.>) when it is missing. */
export async function ensureStream(jsm: JetStreamManager, names: StreamNames): Promise<void> {
  try {
    await jsm.streams.info(names.stream);
  } catch {
    // Duplicate window: a record re-sent within 10 minutes (same Nats-Msg-Id) is dropped by the server;
    // later re-sends reach the consumer, whose writes are idempotent.
    await jsm.streams.add({
      name: names.stream,
      subjects: [`${names.prefix}>`],
      duplicate_window: 10 * 60 * 1_000_000_000,
    });
  }
}

/**
 * The durable pull consumer the workers share (a queue group: each message goes to one of them).
 * Server 2.9 takes one filter subject (ECOSYSTEM.md §2.10).
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  names: StreamNames,
  durable: string,
  sourceId: string | undefined,
  ackWaitMs: number,
): Promise<ConsumerInfo> {
  const filter = `${names.prefix}${sourceId ?? '>'}`;
  try {
    const info = await jsm.consumers.info(names.stream, durable);
    if (info.config.filter_subject !== filter) {
      throw new AppError(
        'conflict',
        `consumer '${durable}' reads ${info.config.filter_subject ?? 'every subject'}, not ${filter}; use another --durable name`,
      );
    }
    return info;
  } catch (error) {
    if (error instanceof AppError) throw error;
    return jsm.consumers.add(names.stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      ack_wait: ackWaitMs * 1_000_000,
      max_ack_pending: 20_000,
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
