import { createHash } from 'node:crypto';
import type { FormattedMessage } from './format.ts';
import type { Webhook } from './webhook.schema.ts';

export interface MatrixTarget {
  homeserverUrl: string;
  roomId: string;
  accessToken: string;
  timeoutMs: number;
}

/**
 * The transaction id of a notification: the same for Alertmanager's retries of one notification
 * (same group, status and alerts), so a retry after a lost answer does not post twice (Matrix
 * deduplicates by access token and transaction id), and new for any change.
 */
export function transactionId(hook: Webhook): string {
  const key = JSON.stringify([
    hook.groupKey,
    hook.status,
    hook.alerts.map((a) => [a.fingerprint ?? a.labels, a.status, a.startsAt, a.endsAt ?? '']),
  ]);
  return `am-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

export class MatrixError extends Error {
  override name = 'MatrixError';
}

/** PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}; returns the event id. */
export async function sendToRoom(target: MatrixTarget, txnId: string, message: FormattedMessage): Promise<string> {
  const url = new URL(
    `/_matrix/client/v3/rooms/${encodeURIComponent(target.roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`,
    target.homeserverUrl,
  );
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'PUT',
      headers: { authorization: `Bearer ${target.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        msgtype: 'm.text',
        body: message.text,
        format: 'org.matrix.custom.html',
        formatted_body: message.html,
      }),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
  } catch (err) {
    throw new MatrixError(`homeserver ${url.origin} unreachable: ${(err as Error).message}`);
  }
  const body = await res.text();
  if (!res.ok) {
    // The error body is Matrix's {errcode, error}; never the request (it carries the token).
    throw new MatrixError(`homeserver ${url.origin} answered ${res.status}: ${body.slice(0, 200)}`);
  }
  try {
    return String((JSON.parse(body) as { event_id?: unknown }).event_id ?? '');
  } catch {
    return '';
  }
}
