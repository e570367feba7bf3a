import { getProject, listProjectTasks, type ProjectWithActivity, type Task } from '#lib/api/work.ts';
import { applyEvent } from './board.ts';
import { subscribe } from './live.ts';

/** Fetches the project again (progress, activity) this long after the last change, once for a burst. */
const REFRESH_MS = 250;

/**
 * A project's page state, kept live: the project and its tasks as the page loaded them (again when
 * it loads another), each task event of the project applied to the tasks, the project fetched again
 * shortly after any change, the tasks reloaded after a reconnection (anything missed while away).
 * A failed fetch keeps what is shown: the next change tries again.
 */
export class LiveProject {
  readonly #onTaskChanged: ((task: Task) => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  project: ProjectWithActivity;
  tasks: readonly Task[];
  /** Whether the event stream is connected. */
  live = $state(false);

  /** `onTaskChanged`: after a task of this project changed (or came into view) and the page shows it. */
  constructor(
    loaded: () => { project: ProjectWithActivity; tasks: readonly Task[] },
    onTaskChanged?: (task: Task) => void,
  ) {
    this.project = $derived(structuredClone(loaded().project));
    this.tasks = $derived(loaded().tasks);
    this.#onTaskChanged = onTaskChanged;
  }

  /** Fetches the project again shortly (after the page's own change, or an event). */
  refresh = (): void => {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(async () => {
      try {
        this.project = await getProject(this.project.id);
      } catch {
        // Keep what is shown.
      }
    }, REFRESH_MS);
  };

  /** The page's own change to a task (saved, created): shown at once, the project fetched again. */
  put = (task: Task): void => {
    this.tasks = applyEvent(this.tasks, { type: 'task.changed', task }, this.project.id);
    this.refresh();
  };

  /** Subscribes to live updates (call from onMount); returns the function that stops. */
  start = (): (() => void) => {
    const stop = subscribe({
      onEvent: (event) => {
        if (event.type === 'project.changed') {
          if (event.projectId === this.project.id) this.refresh();
          return;
        }
        const next = applyEvent(this.tasks, event, this.project.id);
        if (next === this.tasks) return;
        this.tasks = next;
        if (event.type === 'task.changed') this.#onTaskChanged?.(event.task);
        this.refresh();
      },
      onReady: async () => {
        try {
          this.tasks = await listProjectTasks(this.project.id);
          this.refresh();
        } catch {
          // Keep what is shown.
        }
      },
      onStateChange: (connected) => {
        this.live = connected;
      },
    });
    return () => {
      stop();
      clearTimeout(this.#timer);
    };
  };
}
