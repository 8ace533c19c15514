import { IncomingEvent, MAX_BATCH_EVENTS } from '@scoreflow/flow';
import { z } from 'zod';
import { accepted, ok, route } from '../route.js';

export const EventResult = z.looseObject({
  index: z.number(),
  id: z.string().optional(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
});

/** A batch as the server reads it; each event is then checked on its own (a bad one never fails the rest). */
export const EventBatch = z.object({ events: z.array(z.unknown()).min(1).max(MAX_BATCH_EVENTS) });

export const SegmentMessage = z
  .looseObject({
    type: z.string().optional(),
    messageId: z.string().optional(),
    userId: z.string().optional(),
    anonymousId: z.string().optional(),
    event: z.string().optional(),
    traits: z.record(z.string(), z.unknown()).optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    timestamp: z.string().optional(),
  })
  .describe('A message as the Segment spec defines it (32 KB at most)');

/** A Segment batch as the server reads it; each message is then mapped on its own. */
export const SegmentBatch = z.looseObject({ batch: z.array(z.unknown()).min(1) });

export const SegmentAnswer = z.looseObject({
  success: z.literal(true),
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.array(z.object({ index: z.number(), id: z.string().optional(), message: z.string() })),
});

/** The Segment Tracking API's single-message calls, each `/v1/<type>`. */
export const SEGMENT_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

export const EVENTS = {
  ingest: route({
    method: 'post',
    path: '/api/events',
    permission: 'ingest',
    tag: 'Events',
    summary: 'Ingest one event (32 KB at most)',
    body: IncomingEvent,
    responses: accepted('Stored', EventResult),
  }),
  ingestBatch: route({
    method: 'post',
    path: '/api/events/batch',
    permission: 'ingest',
    tag: 'Events',
    summary: `Ingest up to ${MAX_BATCH_EVENTS} events (500 KB at most)`,
    body: z.object({ events: z.array(IncomingEvent).max(MAX_BATCH_EVENTS) }),
    responses: accepted('A result per event', z.looseObject({ results: z.array(EventResult) })),
  }),
};

const segmentCall = <const T extends SegmentType>(type: T) =>
  route({
    method: 'post',
    path: `/v1/${type}`,
    permission: 'segment',
    tag: 'Segment',
    summary: `Segment ${type} call (HTTP Basic: the write key as user name)`,
    body: SegmentMessage,
    responses: ok('Stored (or dropped as a duplicate messageId)', SegmentAnswer),
  });

export const SEGMENT = {
  calls: SEGMENT_TYPES.map(segmentCall),
  batch: route({
    method: 'post',
    path: '/v1/batch',
    permission: 'segment',
    tag: 'Segment',
    summary: 'Segment batch (500 KB at most); a bad message never fails the others',
    body: z.object({ batch: z.array(SegmentMessage) }),
    responses: ok('Stored', SegmentAnswer),
  }),
};
