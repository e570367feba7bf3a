/** Subscribes a page to `/api/work/events`; the browser's EventSource reconnects by itself. */
import { EVENTS_URL } from '#lib/api/work.ts';
import { parseEvent, type WorkEvent } from './board.ts';

export interface LiveOptions {
  onEvent: (event: WorkEvent) => void;
  /** Called on (re)connection: anything missed while away is reloaded from here. */
  onReady?: () => void;
  onStateChange?: (connected: boolean) => void;
}

/** Starts listening; returns the function that stops. */
export function subscribe(options: LiveOptions): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  const source = new EventSource(EVENTS_URL, { withCredentials: true });
  let readyOnce = false;
  source.addEventListener('ready', () => {
    options.onStateChange?.(true);
    if (readyOnce) options.onReady?.();
    readyOnce = true;
  });
  source.addEventListener('error', () => options.onStateChange?.(false));
  for (const type of ['task.changed', 'task.removed', 'project.changed']) {
    source.addEventListener(type, (message) => {
      const event = parseEvent(type, (message as MessageEvent<string>).data);
      if (event) options.onEvent(event);
    });
  }
  return () => source.close();
}
