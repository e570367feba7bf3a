/** Subscribes a page to `/api/work/events`; the browser's EventSource reconnects by itself. */
import { EVENTS_URL, getProject, listProjectTasks, type ProjectWithActivity, type Task } from '#lib/api/work.ts';
import { applyEvent, parseEvent, type WorkEvent } from './board.ts';

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

/** What a project's page shows that live updates change, read and written through the page's own state. */
export interface ProjectPage {
  projectId: () => string;
  tasks: () => readonly Task[];
  setTasks: (tasks: readonly Task[]) => void;
  setProject: (project: ProjectWithActivity) => void;
  setLive: (connected: boolean) => void;
  /** After a task of this project changed (or came into view) and the page shows it. */
  onTaskChanged?: (task: Task) => void;
}

/** Fetches the project again (progress, activity) this long after the last change, once for a burst. */
const REFRESH_MS = 250;

/**
 * Keeps a project's page live: each task event of the project applied to its tasks, the project
 * fetched again shortly after any change, the tasks reloaded after a reconnection (anything missed
 * while away). `start` subscribes and returns the function that stops; `refresh` is for the page's
 * own changes. A failed fetch keeps what is shown: the next change tries again.
 */
export function followProject(page: ProjectPage): { start: () => () => void; refresh: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  function refresh() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        page.setProject(await getProject(page.projectId()));
      } catch {
        // Keep what is shown.
      }
    }, REFRESH_MS);
  }
  function start() {
    const stop = subscribe({
      onEvent: (event) => {
        if (event.type === 'project.changed') {
          if (event.projectId === page.projectId()) refresh();
          return;
        }
        const next = applyEvent(page.tasks(), event, page.projectId());
        if (next === page.tasks()) return;
        page.setTasks(next);
        if (event.type === 'task.changed') page.onTaskChanged?.(event.task);
        refresh();
      },
      onReady: async () => {
        try {
          page.setTasks(await listProjectTasks(page.projectId()));
          refresh();
        } catch {
          // Keep what is shown.
        }
      },
      onStateChange: page.setLive,
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }
  return { start, refresh };
}
